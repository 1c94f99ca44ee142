import type { Job } from "@/lib/db/tables";
import type { JobDefinition, JobOutcome, LostJob, PayloadOf } from "./define";

export type EnqueueOptions = { runAt?: Date };

/**
 * The queue every job goes through, whatever holds it. Two providers:
 * - the embedded one (`embedded.ts`): the `jobs` table of the store, SQLite or PostgreSQL; a claim
 *   is one conditional UPDATE, a lease renewed by heartbeat, a reaper for expired leases;
 * - BullMQ on Redis (`bullmq.ts`, when REDIS_URL is set): the `jobs` table stays the record (and
 *   the outbox: a job reaches Redis after its transaction commits, and a relay re-sends what a
 *   crash lost), BullMQ's lists hold what is due, its locks (extended by heartbeat) replace the
 *   lease and its stalled-job check finds dead workers.
 * Why BullMQ rather than pg-boss: pg-boss 11 and later need Node 22, and pg-boss 10 has neither a
 * heartbeat (only a fixed expiry, so a lost worker is found only after the longest run could last)
 * nor a way to put a fetched job back (one load per feed would block the whole queue behind a busy
 * feed's next load); BullMQ has both (`extendLock`, `moveToDelayed`) and idempotent job ids.
 * Call sites use the helpers of `queue.ts` (`enqueue(LoadJob, { runId })`) and never a provider directly.
 */
// Every method is async, and every write joins the caller's transaction (lib/db/tx.ts) when there
// is one: a run and its job commit together.
export interface JobQueue {
  enqueue<D extends JobDefinition>(def: D, payload: PayloadOf<D>, options?: EnqueueOptions): Promise<Job>;
  /** A queued job brought forward to `runAt` at the latest; false when it is no longer queued. */
  join(jobId: number, runAt: Date): Promise<boolean>;
  /** The one queued job of this definition brought forward to `runAt`, or a new one. */
  joinOrEnqueue<D extends JobDefinition>(def: D, payload: PayloadOf<D>, runAt: Date): Promise<void>;
  /** Cancels a job that has not been claimed; false when it is already claimed or ended. */
  cancel(jobId: number): Promise<boolean>;
  /** The next due, queued job of one of these definitions, now leased by `workerId`. */
  claim(workerId: string, defs: JobDefinition[], now?: Date): Promise<Job | undefined>;
  /** Renews the lease; false when this attempt is no longer the worker's (reaped or cancelled). */
  heartbeat(job: Job, workerId: string, now?: Date): Promise<boolean>;
  /** Records the outcome of this attempt; false when it was no longer the worker's. */
  complete(job: Job, workerId: string, outcome: JobOutcome): Promise<boolean>;
  /**
   * Jobs whose lease expired: queued again while attempts remain, failed otherwise. `onLost` (the
   * definition's own rule: fail the run, queue its retry) runs in the same transaction as each
   * job's reaping, so a crash between the two cannot leave a run running whose job has ended; when
   * it throws, that job is left as it was (logged) for the next reap, and the others go on.
   */
  reapExpired(now?: Date, onLost?: (lost: LostJob) => Promise<void>): Promise<LostJob[]>;
  /** Lets go of what this process holds open to the engine (the worker's stop); used again, it reconnects. */
  close?(): Promise<void>;
}
