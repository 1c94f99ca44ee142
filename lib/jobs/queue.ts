import "server-only";
import type { Job } from "@/lib/db/tables";
import type { JobDefinition, PayloadOf } from "./define";
import { embeddedQueue } from "./embedded";
import type { EnqueueOptions, JobQueue } from "./provider";

export { backoffMs, leaseMs } from "./timing";

/** The queue of this installation: the embedded one (the console database) until a store brings its own. */
export function jobQueue(): JobQueue {
  return embeddedQueue;
}

/** Queues a job; its payload is checked against the definition (a wrong one throws, nothing is queued). */
export function enqueue<D extends JobDefinition>(def: D, payload: PayloadOf<D>, options?: EnqueueOptions): Promise<Job> {
  return jobQueue().enqueue(def, payload, options);
}
