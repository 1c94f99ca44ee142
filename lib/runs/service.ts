import "server-only";
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { ApiError, notFound } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { db, first, inTransaction } from "@/lib/db/tx";
import type { RunSnapshot } from "@/lib/db/json-columns";
import { feeds, jobs, runLogs, runs, type Run } from "@/lib/db/tables";
import { enqueue, jobQueue } from "@/lib/jobs/queue";
import { LoadJob } from "./load-job";
import { jsonNumber } from "@/lib/db/sql-dialect";

export type { RunSnapshot };

export type RunTrigger = Run["trigger"];

/** The run as the API shows it: its duration so far, and its counts under their explicit names. */
export function withDuration(run: Run) {
  const durationMs = run.startedAt ? (run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime() : null;
  const partiallyLoaded = run.status !== "succeeded" && (run.destinations ?? []).some((d) => d.status === "committed");
  return { ...run, durationMs, recordsWritten: run.records, partiallyLoaded };
}

export async function getRun(id: number): Promise<Run> {
  const run = await first(db().select().from(runs).where(eq(runs.id, id)));
  if (!run) throw notFound("Run");
  return run;
}

export async function createRun(values: { feedId: number | null; kind: "test" | "load"; trigger: RunTrigger; snapshot: RunSnapshot; createdBy: string; attempt?: number; retryOf?: number }): Promise<Run> {
  const [run] = await inTransaction((tx) =>
    tx
      .insert(runs)
      .values({ ...values, status: "queued" })
      .returning(),
  );
  return run;
}

export type TestRunLimits = { perUser: number; total: number };

// A queued or running test run counts against the limits for at most this long: longer than any test
// run lasts (its time limit plus a dependency install), so one orphaned by a restart stops counting.
export const TEST_RUN_COUNTS_MS = 15 * 60_000;
const LIMIT_HINT = "limit set in Settings → Network → Script runs";

/**
 * A test run, unless its starter or the whole workspace already has as many executing as allowed
 * (429). Counting and inserting happen in one transaction (BEGIN IMMEDIATE on SQLite) with nothing
 * slow in between, so two requests at once cannot both take the last place, even from two
 * processes. Who started the run is kept in its snapshot (the label alone would count each API
 * token apart from its owner).
 */
export async function createTestRunWithinLimits(
  values: { feedId: number | null; snapshot: RunSnapshot; createdBy: string },
  starter: { userId: number | null },
  limits: TestRunLimits,
): Promise<Run> {
  return inTransaction(async (tx) => {
    const active = and(eq(runs.kind, "test"), inArray(runs.status, ["queued", "running"]), gt(runs.queuedAt, new Date(Date.now() - TEST_RUN_COUNTS_MS)));
    const mine =
      starter.userId !== null ? sql`${jsonNumber(runs.snapshot, "startedByUserId")} = ${starter.userId}` : eq(runs.createdBy, values.createdBy);
    const [{ n: ofStarter }] = await tx.select({ n: count() }).from(runs).where(and(active, mine));
    if (ofStarter >= limits.perUser) {
      throw new ApiError(
        "rate_limited",
        `You already have ${ofStarter} test run${ofStarter === 1 ? "" : "s"} running; wait for one to finish (${LIMIT_HINT}: ${limits.perUser} per person)`,
        undefined,
        { "retry-after": "5" },
      );
    }
    const [{ n: overall }] = await tx.select({ n: count() }).from(runs).where(active);
    if (overall >= limits.total) {
      throw new ApiError(
        "rate_limited",
        `${overall} test run${overall === 1 ? " is" : "s are"} already running in this workspace; wait for one to finish (${LIMIT_HINT}: ${limits.total} at once)`,
        undefined,
        { "retry-after": "5" },
      );
    }
    const [run] = await tx
      .insert(runs)
      .values({ feedId: values.feedId, kind: "test", trigger: "manual", status: "queued", snapshot: { ...values.snapshot, startedByUserId: starter.userId }, createdBy: values.createdBy })
      .returning();
    return run;
  });
}

export type LoadRunRequest = { run: Run; coalesced: boolean };

/**
 * A load run for the worker, or the one already queued for this feed: a feed has at most one load
 * run queued and one executing (the queue's claim keeps the second waiting until the first ends, so
 * it starts from the state the first committed). A trigger that fires while a run is queued joins
 * that run: it takes the feed as it is now and, if it was waiting out a retry backoff, runs as soon
 * as it is asked to. Check and insert happen in one transaction, so two webhook calls at
 * once, from any number of processes, cannot both queue a run.
 */
export async function requestLoadRun(
  feedId: number,
  trigger: RunTrigger,
  snapshot: RunSnapshot,
  createdBy: string,
  retry?: { attempt: number; retryOf: number; runAt: Date },
): Promise<LoadRunRequest> {
  return inTransaction(async (tx) => {
    // Queued as a job, not only as a run: a claimed run stays `queued` until its handler starts it.
    const queued = await first(
      tx
        .select({ id: runs.id, jobId: jobs.id })
        .from(runs)
        .innerJoin(jobs, eq(jobs.id, runs.jobId))
        .where(and(eq(runs.feedId, feedId), eq(runs.kind, "load"), eq(runs.status, "queued"), eq(jobs.status, "queued")))
        .orderBy(asc(runs.id))
        .limit(1),
    );
    if (queued && (await jobQueue().join(queued.jobId, retry?.runAt ?? new Date()))) {
      const [run] = await tx.update(runs).set({ snapshot }).where(eq(runs.id, queued.id)).returning();
      return { run, coalesced: true };
    }
    const run = await createRun({ feedId, kind: "load", trigger, snapshot, createdBy, attempt: retry?.attempt, retryOf: retry?.retryOf });
    const job = await enqueue(LoadJob, { runId: run.id }, { runAt: retry?.runAt });
    const [withJob] = await tx.update(runs).set({ jobId: job.id }).where(eq(runs.id, run.id)).returning();
    return { run: withJob, coalesced: false };
  });
}

/** The answer to a request that started a load run (Run now, a webhook). */
export function startedRunOut({ run, coalesced }: LoadRunRequest) {
  const message = coalesced
    ? `Run #${run.id} of this feed was already queued; this request joined it instead of starting a second run`
    : `Run #${run.id} queued`;
  return { ...withDuration(run), coalesced, message };
}

/** {@link requestLoadRun}, for callers that only need the run. */
export async function enqueueLoadRun(feedId: number, trigger: RunTrigger, snapshot: RunSnapshot, createdBy: string, retry?: { attempt: number; retryOf: number; runAt: Date }): Promise<Run> {
  return (await requestLoadRun(feedId, trigger, snapshot, createdBy, retry)).run;
}

export async function listRuns(feedId: number, page: number, pageSize: number) {
  const where = and(eq(runs.feedId, feedId), eq(runs.kind, "load"));
  const rows = await db().select().from(runs).where(where).orderBy(desc(runs.id)).limit(pageSize).offset((page - 1) * pageSize);
  const [{ total }] = await db().select({ total: count() }).from(runs).where(where);
  return { runs: rows.map(withDuration), total, page, pageSize };
}

export function lastRunOf(feedId: number): Promise<Run | undefined> {
  return first(
    db()
      .select()
      .from(runs)
      .where(and(eq(runs.feedId, feedId), eq(runs.kind, "load")))
      .orderBy(desc(runs.id))
      .limit(1),
  );
}

export async function hasLoadRuns(feedId: number): Promise<boolean> {
  return Boolean(await lastRunOf(feedId));
}

export async function listLogs(runId: number, after: number, limit: number) {
  const run = await getRun(runId);
  const lines = await db()
    .select({ seq: runLogs.seq, at: runLogs.at, stream: runLogs.stream, line: runLogs.line })
    .from(runLogs)
    .where(and(eq(runLogs.runId, runId), gt(runLogs.seq, after)))
    .orderBy(asc(runLogs.seq))
    .limit(limit);
  const done = run.status !== "queued" && run.status !== "running";
  return { lines, nextAfter: lines.at(-1)?.seq ?? after, done: done && lines.length < limit };
}

// The process executing a run renews its heartbeat every second (lib/runs/execute.ts).
export const RUN_HEARTBEAT_MS = 1_000;
// A running run whose heartbeat is older than this has nobody executing it: cancelling it ends it at
// once. Should its executor only have stalled, it still sees the cancel flag and stops.
const CANCEL_ORPHAN_AFTER_MS = 5 * RUN_HEARTBEAT_MS;

/** A running test run whose heartbeat is older than this was orphaned (the process executing it crashed or was killed). */
export function testRunLeaseMs(): number {
  // Never under 10 beats: a busy machine can stall an event loop for seconds.
  return Math.max(Number(process.env.SWITCHYARD_JOB_LEASE_MS) || 30_000, 10 * RUN_HEARTBEAT_MS);
}

// The errorKind of a test run whose executor died, whichever noticed first: the run's own heartbeat
// (reapOrphanedTestRuns) or its job's lease (TestJob.onLost). The kill -9 e2e spec expects it.
export const TEST_LOST_KIND = "server_lost";

const lastSignOfLife = (run: Pick<Run, "heartbeatAt" | "startedAt" | "queuedAt">) => (run.heartbeatAt ?? run.startedAt ?? run.queuedAt).getTime();

/**
 * Test runs execute on a worker under their job's lease (TestJob in lib/runs/test-job.ts), which
 * fails one whose worker died; this reaps, from the worker's periodic tick, what the lease does not
 * cover or covers too slowly:
 * - a *running* test run whose own heartbeat (every second) stopped for testRunLeaseMs: its worker
 *   died, and someone is watching; the job's lease (30 s by default, renewed every 10 s) would
 *   notice later. Should the worker only have stalled, executeRun sees the run ended and stops, and
 *   when the lease does expire, TestJob.onLost finds the run ended and leaves it;
 * - a queued or running test run without a job (created before test runs were queued), whose
 *   server died.
 * A *queued* test run with a job is left alone however long it waits: it waits for a free worker,
 * and once claimed, the lease is what says whether its worker lives. Load runs are reaped through
 * their job's lease only (LoadJob.onLost in lib/runs/load-job.ts).
 */
export async function reapOrphanedTestRuns(now = new Date()): Promise<number[]> {
  const before = now.getTime() - testRunLeaseMs();
  const notTheQueues = or(eq(runs.status, "running"), and(eq(runs.status, "queued"), isNull(runs.jobId)));
  const orphaned = (
    await db()
      .select({ id: runs.id, heartbeatAt: runs.heartbeatAt, startedAt: runs.startedAt, queuedAt: runs.queuedAt })
      .from(runs)
      .where(and(eq(runs.kind, "test"), notTheQueues))
  ).filter((r) => lastSignOfLife(r) < before);
  if (!orphaned.length) return [];
  return inTransaction(async (tx) => {
    const reaped: number[] = [];
    for (const r of orphaned) {
      const seen = new Date(lastSignOfLife(r)).toISOString();
      // Conditional on the run still executing and still silent: one that ended, or whose heartbeat
      // landed while this waited for the write lock, keeps going.
      const stillSilent = lt(sql`coalesce(${runs.heartbeatAt}, ${runs.startedAt}, ${runs.queuedAt})`, sql.param(new Date(before), runs.queuedAt));
      const changed = await tx
        .update(runs)
        .set({
          status: "failed",
          errorKind: TEST_LOST_KIND,
          finishedAt: now,
          error: `The process running this test (the server's worker or a switchyard worker) stopped (crashed or killed); its last sign of life was at ${seen}. Test it again.`,
        })
        .where(and(eq(runs.id, r.id), notTheQueues, stillSilent))
        .returning({ id: runs.id });
      if (changed.length) reaped.push(r.id);
    }
    return reaped;
  });
}

export async function cancelRun(actor: Actor, id: number): Promise<Run> {
  // One transaction: the status read decides which update applies, and nobody ends the run in between.
  return inTransaction(async (tx) => {
    const run = await getRun(id);
    if (run.status !== "queued" && run.status !== "running") {
      throw new ApiError("conflict", `Run ${id} already ${run.status}; there is nothing to cancel`);
    }
    const active = inArray(runs.status, ["queued", "running"]);
    // A queued run with a job is the queue's: cancelled there below or, once a worker has claimed it,
    // stopped by that worker when it sees the flag (a lost worker's lease fails it). Only a queued
    // test run from before test runs were queued has no job, and nobody would ever start it.
    const unowned = run.status === "running" || (run.kind === "test" && !run.jobId);
    const orphaned = unowned && Date.now() - lastSignOfLife(run) > CANCEL_ORPHAN_AFTER_MS;
    if (run.status === "queued" && run.jobId && (await jobQueue().cancel(run.jobId))) {
      await tx.update(runs).set({ status: "cancelled", cancelRequested: true, finishedAt: new Date(), error: "Cancelled before it started" }).where(eq(runs.id, id));
    } else if (orphaned) {
      // Nobody is executing it (its process died): end it here rather than wait for a worker that will not come.
      await tx
        .update(runs)
        .set({ status: "cancelled", cancelRequested: true, finishedAt: new Date(), errorKind: "cancelled", error: "Cancelled; the process running it had already stopped, so nothing more was loaded" })
        .where(and(eq(runs.id, id), active));
    } else {
      // The worker running it sees the flag within a second, stops the script and rolls back.
      await tx.update(runs).set({ cancelRequested: true }).where(eq(runs.id, id));
    }
    const feedName = run.feedId ? (await first(tx.select({ name: feeds.name }).from(feeds).where(eq(feeds.id, run.feedId))))?.name : null;
    await recordAudit(actor, { action: "run.cancel", targetType: "run", targetId: id, targetLabel: `${feedName ?? "test"} run #${id}` });
    return getRun(id);
  });
}

export async function updateRun(id: number, values: Partial<Run>): Promise<void> {
  await inTransaction((tx) => tx.update(runs).set(values).where(eq(runs.id, id)));
}

/**
 * Should the process executing this run stop it? "cancel" once a cancel is asked; "ended" once the
 * run was ended elsewhere (reaped as orphaned while its executor had stalled, or deleted).
 */
export async function shouldStop(id: number): Promise<"cancel" | "ended" | null> {
  const r = await first(db().select({ c: runs.cancelRequested, status: runs.status }).from(runs).where(eq(runs.id, id)));
  if (!r || (r.status !== "queued" && r.status !== "running")) return r?.c ? "cancel" : "ended";
  return r.c ? "cancel" : null;
}
