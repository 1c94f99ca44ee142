import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { getFeedWatchers } from "@/lib/feeds/service";
import { defineJob } from "@/lib/jobs/define";
import { backoffMs } from "@/lib/jobs/timing";
import { inTransaction } from "@/lib/db/tx";
import { log } from "@/lib/log";
import { executeRun } from "./execute";
import { enqueueLoadRun, getRun, updateRun } from "./service";
import { queueWatcherDeliveries } from "./watchers";
import { jsonNumber } from "@/lib/db/sql-dialect";

// A load run is tried at most this many times when its worker dies under it (each try a new run).
export const MAX_RUN_ATTEMPTS = 3;

export const LOAD_JOB = "feed.load";

/**
 * A feed's load runs execute one at a time: a load job is not claimed while a load job for another
 * run of the same feed is running. Checked inside the claiming UPDATE (one statement, so atomic),
 * against the jobs rather than the runs, because a claimed run is still `queued` until its handler
 * starts it. Only load jobs count: other jobs' payloads may carry a `runId` of their own.
 */
const ONE_LOAD_PER_FEED = sql`NOT EXISTS (
  SELECT 1 FROM jobs busy
  JOIN runs other ON other.id = ${jsonNumber(sql.raw("busy.payload"), "runId")} AND other.kind = 'load'
  JOIN runs mine ON mine.id = ${jsonNumber(sql.raw("candidate.payload"), "runId")} AND mine.kind = 'load'
  WHERE busy.status = 'running' AND busy.type = ${LOAD_JOB} AND other.feed_id = mine.feed_id AND other.id <> mine.id
)`;

export const LoadJob = defineJob({
  id: LOAD_JOB,
  payload: z.object({ runId: z.number().int().positive() }),
  // The domain retries a lost load as a new run (onLost), never the same job.
  maxAttempts: 1,
  claimableWhen: ONE_LOAD_PER_FEED,
  handler: async ({ runId }, { signal, workerId }) => {
    const outcome = await executeRun(runId, signal, `worker ${workerId}`);
    const run = await getRun(runId);
    // The deliveries are jobs of their own: a load never waits out a watcher's retries.
    if (run.feedId) {
      try {
        await queueWatcherDeliveries(runId, { id: run.feedId, ...(await getFeedWatchers(run.feedId)) });
      } catch (e) {
        log.warn("Could not queue the watcher deliveries", { runId, error: (e as Error).message });
      }
    }
    return { status: outcome.status, result: { runId, status: outcome.status }, error: outcome.error ?? undefined };
  },
  /** A load whose worker died: the run is failed with the reason and, within the policy, tried again as a new run. */
  onLost: ({ runId }, { job }) =>
    // One transaction: the run is failed and its retry queued together, or neither.
    inTransaction(async () => {
      const run = await getRun(runId);
      if (run.status !== "running" && run.status !== "queued") return;
      // Each commit is recorded on the run as it happens, so a worker lost between two commits says so.
      const committed = (run.destinations ?? []).filter((d) => d.status === "committed").map((d) => d.type);
      const what = committed.length ? `It had committed to ${committed.join(", ")} only; the next run resumes each destination from its own state.` : "Nothing was committed.";
      const reason = `The worker running this load stopped (crashed or killed): ${job.lastError}. ${what}`;
      await updateRun(run.id, { status: "failed", error: reason, errorKind: "worker_lost", finishedAt: new Date() });
      if (!run.feedId || !run.snapshot || run.attempt >= MAX_RUN_ATTEMPTS) return;
      const runAt = new Date(Date.now() + backoffMs(run.attempt));
      const retry = await enqueueLoadRun(run.feedId, "retry", run.snapshot, "system", { attempt: run.attempt + 1, retryOf: run.id, runAt });
      log.warn("Load run lost its worker; retrying", { runId: run.id, retryRunId: retry.id, at: runAt.toISOString() });
    }),
});
