import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import type { Feed, Run } from "@/lib/db/tables";
import { feedInputSchema } from "@/lib/feeds/schemas";
import { requireFeed, snapshotOf, webhookSecretHash } from "@/lib/feeds/service";
import { inTransaction, inTransactionNow } from "@/lib/db/tx";
import { log } from "@/lib/log";
import { getTestRunLimits } from "@/lib/settings/service";
import { enqueue } from "@/lib/jobs/queue";
import { wakeWorker } from "@/lib/jobs/worker";
import { createTestRunWithinLimits, getRun, requestLoadRun, TEST_RUN_COUNTS_MS, updateRun, type LoadRunRequest, type RunTrigger } from "./service";
import { TestJob } from "./test-job";

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

export type StartedTestRun = {
  /** The run as queued (with its job). */
  run: Run;
  /**
   * The run once it has ended, read from the store (it executes on a worker, maybe another
   * process). Resolves with the run as it then is, maybe still queued or running, when
   * `stopWaiting` is called or after TEST_RUN_COUNTS_MS (no test lasts that long; a run no worker
   * ever claims would otherwise be waited for forever).
   */
  done: Promise<Run>;
  /** Stops following the run (the caller gave up waiting): no poll is left running. */
  stopWaiting: () => void;
};

const POLL_MS = 150;

/**
 * Test runs go through the job queue like every other job, so their unvetted scripts run on a
 * worker (in distributed mode never on a console). Someone is watching: the run and its job are
 * created together, within the concurrency limits (per person and in all; 429 beyond them), the
 * job takes the worker's interactive lane (never behind loads), and this process's worker, if it
 * has one, is woken to claim it at once.
 */
export async function startTestRun(actor: Actor, source: { feedId: number; draft?: Partial<Pick<Feed, "language" | "script" | "dependencies">> } | z.infer<typeof unsavedTestSchema>): Promise<StartedTestRun> {
  // The run and its job must be committed before the worker can see them and before `done` polls:
  // begun inside a caller's transaction, neither would be.
  if (inTransactionNow()) throw new Error("startTestRun inside a transaction: start test runs after it");
  const feedId = "feedId" in source ? source.feedId : null;
  // A feed's test runs its saved script, or the edits not saved yet (draft): testing never saves.
  const snapshot =
    "feedId" in source
      ? snapshotOf({ ...(await requireFeed(source.feedId)), ...source.draft })
      : snapshotOf({ name: null, loadType: "incremental", destinations: [], ...source });
  if (!snapshot.script.trim()) throw new ApiError("unprocessable_entity", "Write a script to test", { script: "Write a script to test" });
  const limits = await getTestRunLimits();
  // One transaction: a run that takes a place in the limits always has the job that will end it.
  const run = await inTransaction(async () => {
    const created = await createTestRunWithinLimits({ feedId, snapshot, createdBy: actor.label }, { userId: actor.userId }, limits);
    const job = await enqueue(TestJob, { runId: created.id });
    await updateRun(created.id, { jobId: job.id });
    return { ...created, jobId: job.id };
  });
  wakeWorker();
  return { run, ...followRun(run) };
}

const ended = (run: Run) => run.status !== "queued" && run.status !== "running";

/** Polls the run every POLL_MS until it ends, it is deleted, the cap passes or the caller stops waiting. */
function followRun(run: Run): Pick<StartedTestRun, "done" | "stopWaiting"> {
  let stop = () => {};
  const done = new Promise<Run>((resolve) => {
    const deadline = Date.now() + TEST_RUN_COUNTS_MS;
    let last = run;
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    stop = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      resolve(last);
    };
    const poll = async () => {
      try {
        last = await getRun(run.id);
      } catch (e) {
        // Deleted (its feed was): nothing more will happen to it. Anything else: try again.
        if (e instanceof ApiError && e.code === "not_found") return stop();
        log.warn("Could not read the test run being waited for", { runId: run.id, error: (e as Error).message });
      }
      if (stopped) return;
      if (ended(last) || Date.now() >= deadline) return stop();
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    timer = setTimeout(() => void poll(), POLL_MS);
  });
  return { done, stopWaiting: () => stop() };
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
