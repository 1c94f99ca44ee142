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
        sql`(SELECT id FROM ${jobs} WHERE ${jobs.status} = 'queued' AND ${jobs.runAt} <= ${now.getTime()} AND ${jobs.type} IN (${typeList}) ORDER BY ${jobs.runAt}, ${jobs.id} LIMIT 1)`,
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
