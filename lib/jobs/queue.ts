import "server-only";
import type { Job } from "@/lib/db/tables";
import type { JobDefinition, PayloadOf } from "./define";
import { bullmqQueue, redisUrl } from "./bullmq";
import { embeddedQueue } from "./embedded";
import type { EnqueueOptions, JobQueue } from "./provider";

export { backoffMs, leaseMs } from "./timing";

/**
 * The queue of this installation: BullMQ on Redis when REDIS_URL is set (the distributed mode, with
 * the store on PostgreSQL), the embedded one (the `jobs` table of the store) otherwise. Every process
 * of an installation must agree: consoles and workers are started with the same variables.
 */
export function jobQueue(): JobQueue {
  return redisUrl() ? bullmqQueue : embeddedQueue;
}

/** Queues a job; its payload is checked against the definition (a wrong one throws, nothing is queued). */
export function enqueue<D extends JobDefinition>(def: D, payload: PayloadOf<D>, options?: EnqueueOptions): Promise<Job> {
  return jobQueue().enqueue(def, payload, options);
}
