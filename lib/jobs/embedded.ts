import "server-only";
import { and, eq, lt, lte, sql, type SQL } from "drizzle-orm";
import { db, first, inTransaction } from "@/lib/db/tx";
import { log } from "@/lib/log";
import { jobs, type Job } from "@/lib/db/tables";
import { JobPayloadError, parsePayload, type JobDefinition, type LostJob } from "./define";
import type { JobQueue } from "./provider";
import { backoffMs, leaseMs } from "./timing";
import { least } from "@/lib/db/sql-dialect";

// The embedded provider: a durable job queue in the console database. A worker claims a job with
// one conditional UPDATE (so two workers never get the same job), holds it with a lease it renews by
// heartbeat, and a job whose lease runs out (the worker crashed or was killed) is retried with
// backoff or failed. Every write to a claimed job names the attempt it belongs to, so a worker that
// lost its lease cannot overwrite what the reaper or a later attempt wrote.

function checked<D extends JobDefinition>(def: D, payload: unknown): Record<string, unknown> {
  const parsed = parsePayload(def, payload);
  if (!parsed.ok) throw new JobPayloadError(parsed.error);
  return parsed.payload;
}

// Rows a conditional write changed, counted portably (no driver's own `changes`).
const changed = async (rows: PromiseLike<unknown[]>) => (await rows).length > 0;

async function enqueue(def: JobDefinition, payload: unknown, options: { runAt?: Date } = {}): Promise<Job> {
  const values = { type: def.id, payload: checked(def, payload), runAt: options.runAt ?? new Date(), maxAttempts: def.maxAttempts };
  const [job] = await inTransaction((tx) => tx.insert(jobs).values(values).returning());
  return job;
}

function join(jobId: number, runAt: Date): Promise<boolean> {
  return inTransaction((tx) =>
    changed(
      tx
        .update(jobs)
        .set({ runAt: least(jobs.runAt, sql.param(runAt, jobs.runAt)), updatedAt: new Date() })
        .where(and(eq(jobs.id, jobId), eq(jobs.status, "queued")))
        .returning({ id: jobs.id }),
    ),
  );
}

function joinOrEnqueue(def: JobDefinition, payload: unknown, runAt: Date): Promise<void> {
  return inTransaction(async () => {
    const queued = await first(db().select({ id: jobs.id }).from(jobs).where(and(eq(jobs.type, def.id), eq(jobs.status, "queued"))));
    if (queued && (await join(queued.id, runAt))) return;
    await enqueue(def, payload, { runAt });
  });
}

function cancel(jobId: number): Promise<boolean> {
  return inTransaction((tx) =>
    changed(tx.update(jobs).set({ status: "cancelled", updatedAt: new Date() }).where(and(eq(jobs.id, jobId), eq(jobs.status, "queued"))).returning({ id: jobs.id })),
  );
}

async function claim(workerId: string, defs: JobDefinition[], now = new Date()): Promise<Job | undefined> {
  if (!defs.length) return undefined;
  // Each definition's type, with its own extra condition (one load per feed) applying to it alone.
  const claimable = sql.join(
    defs.map((d) => (d.claimableWhen ? sql`(candidate.type = ${d.id} AND ${d.claimableWhen})` : sql`candidate.type = ${d.id}`)),
    sql` OR `,
  );
  const due = now.getTime();
  const claimed = await inTransaction((tx) =>
    tx
    .update(jobs)
    .set({ status: "running", leasedBy: workerId, leaseUntil: new Date(due + leaseMs()), heartbeatAt: now, attempts: sql`${jobs.attempts} + 1`, updatedAt: now })
    .where(
      and(
        eq(
          jobs.id,
          sql`(SELECT candidate.id FROM ${jobs} candidate WHERE candidate.status = 'queued' AND candidate.run_at <= ${sql.param(now, jobs.runAt)} AND (${claimable}) ORDER BY candidate.run_at, candidate.id LIMIT 1)`,
        ),
        // Repeated on the row itself: only a queued, due job is ever claimed. SQLite runs the
        // statement under its write lock, but a store that re-checks rows under concurrent writers
        // (PostgreSQL's READ COMMITTED) would otherwise let two workers claim the row the subquery saw.
        eq(jobs.status, "queued"),
        lte(jobs.runAt, now),
      ),
    )
    .returning(),
  );
  return claimed[0];
}

const thisAttempt = (job: Job, workerId: string) => and(eq(jobs.id, job.id), eq(jobs.leasedBy, workerId), eq(jobs.status, "running"), eq(jobs.attempts, job.attempts));

function heartbeat(job: Job, workerId: string, now = new Date()): Promise<boolean> {
  return inTransaction((tx) =>
    changed(tx.update(jobs).set({ leaseUntil: new Date(now.getTime() + leaseMs()), heartbeatAt: now }).where(thisAttempt(job, workerId)).returning({ id: jobs.id })),
  );
}

function complete(job: Job, workerId: string, outcome: { status: "succeeded" | "failed" | "cancelled"; result: Record<string, unknown>; error?: string }): Promise<boolean> {
  return inTransaction((tx) =>
    changed(
      tx
        .update(jobs)
        .set({ status: outcome.status, result: outcome.result, lastError: outcome.error ?? null, leaseUntil: null, updatedAt: new Date() })
        .where(thisAttempt(job, workerId))
        .returning({ id: jobs.id }),
    ),
  );
}

async function reapExpired(now = new Date(), onLost?: (lost: LostJob) => Promise<void>): Promise<LostJob[]> {
  const expired = await db().select().from(jobs).where(and(eq(jobs.status, "running"), lt(jobs.leaseUntil, now)));
  const reaped: LostJob[] = [];
  for (const job of expired) {
    const reason = `Lease expired at ${job.leaseUntil?.toISOString()} (worker ${job.leasedBy} stopped: crashed or killed)`;
    // Conditional on the lease still being expired: another process's reaper may have got there first.
    const lost = await reapJob(job, reason, and(eq(jobs.status, "running"), lt(jobs.leaseUntil, now))!, now, onLost);
    if (lost) reaped.push(lost);
  }
  return reaped;
}

/**
 * One lost job queued again with backoff while attempts remain, failed otherwise, if `stillLost`
 * holds on its row; `onLost` runs in the same transaction. Undefined when another reaper got there
 * first, or when the cleanup threw (logged; the job is left for the next reap).
 */
export async function reapJob(job: Job, reason: string, stillLost: SQL, now: Date, onLost?: (lost: LostJob) => Promise<void>): Promise<LostJob | undefined> {
  const retry = job.attempts < job.maxAttempts;
  const retryAt = retry ? new Date(now.getTime() + backoffMs(job.attempts)) : null;
  const lost: LostJob = { job: { ...job, lastError: reason }, retryAt };
  try {
    const won = await inTransaction(async (tx) => {
      const ours = await changed(
        tx
          .update(jobs)
          .set(retry ? { status: "queued", runAt: retryAt!, leasedBy: null, leaseUntil: null, lastError: reason, updatedAt: now } : { status: "failed", lastError: reason, leaseUntil: null, updatedAt: now })
          .where(and(eq(jobs.id, job.id), stillLost))
          .returning({ id: jobs.id }),
      );
      if (ours && onLost) await onLost(lost);
      return ours;
    });
    return won ? lost : undefined;
  } catch (e) {
    log.error("A lost job could not be cleaned up; it is reaped again on the next tick", { jobId: job.id, type: job.type, error: (e as Error).message });
    return undefined;
  }
}

export const embeddedQueue: JobQueue = {
  enqueue: (def, payload, options) => enqueue(def, payload, options),
  join,
  joinOrEnqueue: (def, payload, runAt) => joinOrEnqueue(def, payload, runAt),
  cancel,
  claim,
  heartbeat,
  complete,
  reapExpired,
};
