import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import type { Feed } from "@/lib/db/tables";
import { feedInputSchema } from "@/lib/feeds/schemas";
import { markScriptTested, requireFeed, snapshotOf, webhookSecretHash } from "@/lib/feeds/service";
import { inTransaction, inTransactionNow } from "@/lib/db/tx";
import { log } from "@/lib/log";
import { getTestRunLimits } from "@/lib/settings/service";
import { executeRun } from "./execute";
import { createTestRunWithinLimits, getRun, requestLoadRun, type LoadRunRequest, type RunTrigger } from "./service";

// A test of a feed that is not saved: what the Import Configuration step has so far.
export const unsavedTestSchema = z.object({
  connectionId: z.string().nullable().default(null),
  language: feedInputSchema.shape.language.unwrap().default("python"),
  script: z.string().min(1, { error: "Write a script to test" }).max(200_000),
  dependencies: feedInputSchema.shape.dependencies.unwrap().default([]),
});

/** Run now: a load run queued, or the one already queued for this feed (`coalesced`). */
export async function startLoadRun(actor: Actor, feedId: number, trigger: RunTrigger = "manual"): Promise<LoadRunRequest> {
  // One transaction: the run takes the feed as read, and its audit event is written with it.
  return inTransaction(async () => {
    const feed = await requireFeed(feedId);
    if (feed.status === "draft") throw new ApiError("conflict", "Save and activate the feed before running it");
    const started = await requestLoadRun(feedId, trigger, snapshotOf(feed), actor.label);
    await auditStart(actor, feed.name, started, trigger);
    return started;
  });
}

async function auditStart(actor: Actor, feedName: string | null, { run, coalesced }: LoadRunRequest, trigger: RunTrigger) {
  await recordAudit(actor, { action: "run.start", targetType: "run", targetId: run.id, targetLabel: `${feedName} run #${run.id}`, summary: { trigger, coalesced } });
}

/**
 * Test runs do not queue: someone is watching. They run here, in the background of this request,
 * within the concurrency limits (per person and in all; 429 beyond them).
 */
export async function startTestRun(actor: Actor, source: { feedId: number; draft?: Partial<Pick<Feed, "language" | "script" | "dependencies">> } | z.infer<typeof unsavedTestSchema>) {
  // The script runs in the background for up to minutes: begun in a transaction, its writes would land in it.
  if (inTransactionNow()) throw new Error("startTestRun inside a transaction: start test runs after it");
  const feedId = "feedId" in source ? source.feedId : null;
  // A feed's test runs its saved script, or the edits not saved yet (draft): testing never saves.
  const snapshot =
    "feedId" in source
      ? snapshotOf({ ...(await requireFeed(source.feedId)), ...source.draft })
      : snapshotOf({ name: null, loadType: "incremental", destinations: [], ...source });
  if (!snapshot.script.trim()) throw new ApiError("unprocessable_entity", "Write a script to test", { script: "Write a script to test" });
  const run = await createTestRunWithinLimits({ feedId, snapshot, createdBy: actor.label }, { userId: actor.userId }, await getTestRunLimits());
  // Not awaited, and outside any transaction: the script runs in the background of this request.
  const done = executeRun(run.id)
    .then(async (outcome) => {
      if (feedId && outcome.status === "succeeded") await markScriptTested(feedId, snapshot);
      return getRun(run.id);
    })
    .catch((e) => {
      log.error("Test run crashed", { runId: run.id, error: (e as Error).message });
      return getRun(run.id);
    });
  return { run, done };
}

/** POST to a feed's webhook with its secret starts a load run, or joins the one already queued. */
export async function startWebhookRun(feedId: number, presented: string | null, ip: string | null): Promise<LoadRunRequest> {
  // The secret is checked before the transaction (unauthenticated callers never take the write
  // lock), and every check again on the feed as it is inside it: paused, deleted, re-keyed or
  // edited while this request waited for the lock, the run follows the feed as it is now.
  await checkWebhook(await requireFeed(feedId).catch(() => null), presented);
  return inTransaction(async () => {
    const feed = await checkWebhook(await requireFeed(feedId).catch(() => null), presented);
    const actor: Actor = { type: "anonymous", userId: null, label: `webhook of ${feed.name}`, role: "editor", ip, requestId: null };
    const started = await requestLoadRun(feed.id, "webhook", snapshotOf(feed), actor.label);
    await auditStart(actor, feed.name, started, "webhook");
    return started;
  });
}

async function checkWebhook(feed: Feed | null, presented: string | null): Promise<Feed> {
  const expected = feed?.webhookSecretHash ? Buffer.from(feed.webhookSecretHash, "hex") : crypto.randomBytes(32);
  const given = Buffer.from(webhookSecretHash(presented ?? ""), "hex");
  // Same answer, same time, for an unknown feed and a wrong secret.
  if (!feed || !presented || !crypto.timingSafeEqual(expected, given) || feed.trigger.type !== "webhook") {
    throw new ApiError("unauthorized", "Unknown webhook or wrong secret");
  }
  if (feed.status !== "active") throw new ApiError("conflict", `The feed is ${feed.status}; resume it to accept webhook runs`);
  return feed;
}
