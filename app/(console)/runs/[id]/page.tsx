import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { requireFeed } from "@/lib/feeds/service";
import { runSchema, type RunOut } from "@/lib/runs/schemas";
import { getRun, withDuration } from "@/lib/runs/service";
import { RunView } from "./run-view";

type Props = { params: Promise<{ id: string }> };

async function loadRun(idParam: string): Promise<RunOut> {
  const id = Number(idParam);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  try {
    return runSchema.parse(withDuration(await getRun(id)));
  } catch (e) {
    if (e instanceof ApiError && e.code === "not_found") notFound();
    throw e;
  }
}

async function feedNameOf(feedId: number | null): Promise<string | null> {
  if (!feedId) return null;
  try {
    return (await requireFeed(feedId)).name ?? `Untitled draft #${feedId}`;
  } catch {
    return null;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Run #${(await loadRun((await params).id)).id}` };
}

export default async function RunPage({ params }: Props) {
  const user = await requirePageUser("viewer");
  const run = await loadRun((await params).id);
  return <RunView initialRun={run} feedName={await feedNameOf(run.feedId)} canEdit={hasRole(user.role, "editor")} />;
}
