import "server-only";
import { notFound, redirect } from "next/navigation";
import { reachedIndex, stepHref, stepIndex, STEPS, type StepId } from "@/components/feeds/wizard/steps";
import { ApiError } from "@/lib/api/errors";
import { requirePageUser } from "@/lib/auth/session";
import type { FeedOut } from "@/lib/feeds/schemas";
import { requireFeed, toFeedOut } from "@/lib/feeds/service";

/** The feed of a /feeds/{id}/… page, or the 404 page. */
export async function loadFeed(idParam: string): Promise<FeedOut> {
  const id = Number(idParam);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  try {
    return await toFeedOut(await requireFeed(id));
  } catch (e) {
    if (e instanceof ApiError && e.code === "not_found") notFound();
    throw e;
  }
}

/**
 * For a wizard step's page: editors only, and a draft cannot skip ahead of its saved progress
 * (someone typing /edit/trigger on a fresh draft lands on the step it has reached).
 */
export async function loadWizardFeed(idParam: string, step: StepId): Promise<FeedOut> {
  await requirePageUser("editor");
  const feed = await loadFeed(idParam);
  const reached = reachedIndex(feed);
  if (stepIndex(step) > reached) redirect(stepHref(feed.id, STEPS[reached].id));
  return feed;
}
