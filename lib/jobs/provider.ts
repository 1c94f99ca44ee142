import type { Job } from "@/lib/db/tables";
import type { JobDefinition, JobOutcome, LostJob, PayloadOf } from "./define";

export type EnqueueOptions = { runAt?: Date };

/**
 * The queue every job goes through, whatever holds it. Today one provider exists: the embedded one
 * (`embedded.ts`, the `jobs` table of the console database). Call sites use the helpers of
 * `queue.ts` (`enqueue(LoadJob, { runId })`) and never a provider directly.
 *
 * Intended mapping for a pg-boss provider on the PostgreSQL store (not implemented):
 * - enqueue: `boss.send(def.id, payload, { startAfter: runAt, retryLimit: def.maxAttempts - 1,
 *   retryBackoff: true })`, issued on the store's transaction (pg-boss accepts a `db` executor per
 *   call), so a run and its job commit together as they do here.
 * - claim/heartbeat/complete: `boss.work(def.id, handler)` (fetch with `FOR UPDATE SKIP LOCKED`,
 *   expiry instead of our lease, `complete`/`fail` on the handler's outcome); the payload is parsed
 *   with `parsePayload` exactly as the embedded worker does.
 * - claimableWhen (one load per feed): a `singletonKey` of `feed:<id>` on a queue whose policy
 *   allows one active job per key, instead of the SQL condition.
 * - join / joinOrEnqueue: a queued job's `startAfter` moved earlier (`singletonKey` for the one
 *   queued expiry job); cancel: `boss.cancel(def.id, id)`, which only affects jobs not yet active.
 * - reapExpired/onLost: pg-boss's expiration; `onLost` hooks run from its failed-job events.
 * BullMQ on Redis maps the same way (delayed jobs, job groups for one load per feed), but cannot
 * enqueue inside the store's transaction: it would need an outbox table.
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
}
