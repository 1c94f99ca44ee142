import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { jobs, type Job } from "@/lib/db/schema";

// A durable job queue in the console database. A worker claims a job with one conditional UPDATE
// (so two workers never get the same job), holds it with a lease it renews by heartbeat, and a job
// whose lease runs out (the worker crashed or was killed) is retried with backoff or failed.

export function leaseMs(): number {
  return Number(process.env.SWITCHYARD_JOB_LEASE_MS) || 30_000;
}

export function backoffMs(attempt: number): number {
  const base = Number(process.env.SWITCHYARD_RETRY_BACKOFF_MS) || 30_000;
  return Math.min(base * 2 ** Math.max(0, attempt - 1), 60 * 60_000);
}

export function enqueueJob(type: string, payload: Record<string, unknown>, options: { runAt?: Date; maxAttempts?: number } = {}): Job {
  return getDb()
    .insert(jobs)
    .values({ type, payload, runAt: options.runAt ?? new Date(), maxAttempts: options.maxAttempts ?? 3 })
    .returning()
    .get();
}

/**
 * A feed's load runs execute one at a time: a job for a load run is not claimed while a job for
 * another load run of the same feed is running. Checked inside the claiming UPDATE (one statement,
 * so atomic), against the jobs rather than the runs, because a claimed run is still `queued` until
 * its handler starts it. Starts from the running jobs (few, by index) and reaches runs by primary key.
 */
const ONE_LOAD_PER_FEED = sql`NOT EXISTS (
  SELECT 1 FROM ${jobs} busy
  JOIN runs other ON other.id = json_extract(busy.payload, '$.runId') AND other.kind = 'load'
  JOIN runs mine ON mine.id = json_extract(candidate.payload, '$.runId') AND mine.kind = 'load'
  WHERE busy.status = 'running' AND other.feed_id = mine.feed_id AND other.id <> mine.id
)`;

export function claimJob(workerId: string, types: string[], now = new Date()): Job | undefined {
  const typeList = sql.join(
    types.map((t) => sql`${t}`),
    sql`, `,
  );
  return getDb()
    .update(jobs)
    .set({ status: "running", leasedBy: workerId, leaseUntil: new Date(now.getTime() + leaseMs()), heartbeatAt: now, attempts: sql`${jobs.attempts} + 1`, updatedAt: now })
    .where(
      eq(
        jobs.id,
        sql`(SELECT candidate.id FROM ${jobs} candidate WHERE candidate.status = 'queued' AND candidate.run_at <= ${now.getTime()} AND candidate.type IN (${typeList}) AND ${ONE_LOAD_PER_FEED} ORDER BY candidate.run_at, candidate.id LIMIT 1)`,
      ),
    )
    .returning()
    .get();
}

/** Renews the lease; false when the job is no longer this worker's (reaped or cancelled). */
export function heartbeat(jobId: number, workerId: string, now = new Date()): boolean {
  const r = getDb()
    .update(jobs)
    .set({ leaseUntil: new Date(now.getTime() + leaseMs()), heartbeatAt: now })
    .where(and(eq(jobs.id, jobId), eq(jobs.leasedBy, workerId), eq(jobs.status, "running")))
    .run();
  return r.changes > 0;
}

export function finishJob(jobId: number, workerId: string, status: "succeeded" | "failed" | "cancelled", result: Record<string, unknown>, error?: string) {
  getDb()
    .update(jobs)
    .set({ status, result, lastError: error ?? null, leaseUntil: null, updatedAt: new Date() })
    .where(and(eq(jobs.id, jobId), eq(jobs.leasedBy, workerId)))
    .run();
}

/** A queued job another request joins: still queued (true), due no later than `runAt`. */
export function joinQueuedJob(jobId: number, runAt: Date): boolean {
  return (
    getDb()
      .update(jobs)
      .set({ runAt: sql`min(${jobs.runAt}, ${runAt.getTime()})`, updatedAt: new Date() })
      .where(and(eq(jobs.id, jobId), eq(jobs.status, "queued")))
      .run().changes > 0
  );
}

export function cancelQueuedJob(jobId: number): boolean {
  return getDb().update(jobs).set({ status: "cancelled", updatedAt: new Date() }).where(and(eq(jobs.id, jobId), eq(jobs.status, "queued"))).run().changes > 0;
}

export type ReapedJob = { job: Job; retryAt: Date | null };

/** Jobs whose lease expired: requeued with backoff while attempts remain, failed otherwise. */
export function reapExpiredJobs(now = new Date()): ReapedJob[] {
  const db = getDb();
  const expired = db.select().from(jobs).where(and(eq(jobs.status, "running"), lt(jobs.leaseUntil, now))).all();
  const reaped: ReapedJob[] = [];
  for (const job of expired) {
    const retry = job.attempts < job.maxAttempts;
    const retryAt = retry ? new Date(now.getTime() + backoffMs(job.attempts)) : null;
    const reason = `Lease expired at ${job.leaseUntil?.toISOString()} (worker ${job.leasedBy} stopped: crashed or killed)`;
    const changed = db
      .update(jobs)
      .set(retry ? { status: "queued", runAt: retryAt!, leasedBy: null, leaseUntil: null, lastError: reason, updatedAt: now } : { status: "failed", lastError: reason, leaseUntil: null, updatedAt: now })
      .where(and(eq(jobs.id, job.id), eq(jobs.status, "running"), lt(jobs.leaseUntil, now)))
      .run().changes;
    if (changed) reaped.push({ job: { ...job, lastError: reason }, retryAt });
  }
  return reaped;
}
