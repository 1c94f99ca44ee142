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

function loadRun(idParam: string): RunOut {
  const id = Number(idParam);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  try {
    return runSchema.parse(withDuration(getRun(id)));
  } catch (e) {
    if (e instanceof ApiError && e.code === "not_found") notFound();
    throw e;
  }
}

function feedNameOf(feedId: number | null): string | null {
  if (!feedId) return null;
  try {
    return requireFeed(feedId).name ?? `Untitled draft #${feedId}`;
  } catch {
    return null;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Run #${loadRun((await params).id).id}` };
}

export default async function RunPage({ params }: Props) {
  const user = await requirePageUser("viewer");
  const run = loadRun((await params).id);
  return <RunView initialRun={run} feedName={feedNameOf(run.feedId)} canEdit={hasRole(user.role, "editor")} />;
}
