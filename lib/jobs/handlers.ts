import "server-only";
import { and, eq, inArray, lt } from "drizzle-orm";
import { scanTables, SCAN_JOB } from "@/lib/databases/table-descriptions";
import { getDb } from "@/lib/db/client";
import { runs, tableDescriptions, type Job } from "@/lib/db/schema";
import { fireDueSchedules } from "@/lib/feeds/scheduler";
import { getFeedWatchers } from "@/lib/feeds/service";
import { log } from "@/lib/log";
import { executeRun } from "@/lib/runs/execute";
import { enqueueLoadRun, getRun, LOAD_JOB, reapOrphanedTestRuns, updateRun, type RunSnapshot } from "@/lib/runs/service";
import { notifyWatchers } from "@/lib/runs/watchers";
import { onProvisioningReaped, provisioningHandlers } from "@/lib/provisioning/jobs";
import { backoffMs, type ReapedJob } from "./queue";

export type JobResult = { status: "succeeded" | "failed" | "cancelled"; result: Record<string, unknown>; error?: string };

// A load run is tried at most this many times when its worker dies under it.
export const MAX_RUN_ATTEMPTS = 3;

export const handlers: Record<string, (job: Job, signal: AbortSignal) => Promise<JobResult>> = {
  [LOAD_JOB]: async (job, signal) => {
    const runId = Number(job.payload.runId);
    const outcome = await executeRun(runId, signal);
    const run = getRun(runId);
    if (run.feedId) await notifyWatchers(runId, { id: run.feedId, ...getFeedWatchers(run.feedId) }).catch(() => {});
    return { status: outcome.status, result: { runId, status: outcome.status }, error: outcome.error ?? undefined };
  },
  [SCAN_JOB]: async (job, signal) => {
    const result = await scanTables(String(job.payload.connectionId), job.payload.ids as string[], signal);
    return { status: "succeeded", result };
  },
  ...provisioningHandlers,
};

/** A load whose worker died: the run is failed with the reason and, within the policy, tried again. */
export function onReaped({ job, retryAt }: ReapedJob): void {
  if (onProvisioningReaped({ job, retryAt })) return;
  if (job.type === SCAN_JOB) {
    const ids = job.payload.ids as string[];
    if (ids.length) {
      getDb()
        .update(tableDescriptions)
        .set({ status: "FAILED", errorMessage: "The worker scanning this table stopped (crashed or killed); scan it again" })
        .where(inArray(tableDescriptions.id, ids))
        .run();
    }
    return;
  }
  if (job.type !== LOAD_JOB) return;
  const run = getRun(Number(job.payload.runId));
  if (run.status !== "running" && run.status !== "queued") return;
  // Each commit is recorded on the run as it happens, so a worker lost between two commits says so.
  const committed = (run.destinations ?? []).filter((d) => d.status === "committed").map((d) => d.type);
  const what = committed.length ? `It had committed to ${committed.join(", ")} only; the next run resumes each destination from its own state.` : "Nothing was committed.";
  const reason = `The worker running this load stopped (crashed or killed): ${job.lastError}. ${what}`;
  updateRun(run.id, { status: "failed", error: reason, errorKind: "worker_lost", finishedAt: new Date() });
  if (!run.feedId || run.attempt >= MAX_RUN_ATTEMPTS) return;
  const runAt = new Date(Date.now() + backoffMs(run.attempt));
  const retry = enqueueLoadRun(run.feedId, "retry", run.snapshot as unknown as RunSnapshot, "system", { attempt: run.attempt + 1, retryOf: run.id, runAt });
  log.warn("Load run lost its worker; retrying", { runId: run.id, retryRunId: retry.id, at: runAt.toISOString() });
}

let lastCleanup = 0;
const TEST_RUN_RETENTION_MS = 24 * 3_600_000;

export function periodic(now = new Date()): void {
  fireDueSchedules(now);
  for (const runId of reapOrphanedTestRuns(now)) log.warn("Test run lost its server; failed it", { runId });
  // Test runs are for the person watching; their logs and previews are kept for a day.
  if (now.getTime() - lastCleanup > 10 * 60_000) {
    lastCleanup = now.getTime();
    getDb()
      .delete(runs)
      .where(and(eq(runs.kind, "test"), inArray(runs.status, ["succeeded", "failed", "cancelled"]), lt(runs.finishedAt, new Date(now.getTime() - TEST_RUN_RETENTION_MS))))
      .run();
  }
}
