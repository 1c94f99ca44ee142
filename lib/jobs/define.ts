import type { SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Job } from "@/lib/db/tables";

// A typed job definition: its id (the `type` stored with each job), the zod schema of its payload
// (checked when it is enqueued and again when it is claimed), its handler and how often the queue
// itself may try it. Domain retry rules (a load run retried as a new run) stay in the domain: such
// jobs say `maxAttempts: 1` and enqueue their next attempt themselves.

export type JobOutcome = { status: "succeeded" | "failed" | "cancelled"; result: Record<string, unknown>; error?: string };

/** `workerId` names the worker process running the job (`host:pid:random`), so a run can say where it ran. */
export type JobContext = { jobId: number; attempt: number; signal: AbortSignal; workerId: string };

/** A job whose worker died (lease expired): `retryAt` is when the queue tries it again, null when it will not. */
export type LostJob = { job: Job; retryAt: Date | null };

export type PayloadSchema = z.ZodType<Record<string, unknown>>;

/**
 * Which of a worker's slots a job takes: "interactive" jobs (a test run someone is watching) have
 * slots of their own and are claimed first, so they never wait behind long background loads.
 */
export type JobLane = "interactive" | "background";

export type JobDefinition<S extends PayloadSchema = PayloadSchema> = {
  id: string;
  payload: S;
  maxAttempts: number;
  /** "background" when not said. */
  lane?: JobLane;
  // Method syntax: a registry holds definitions of many payload types side by side.
  handler(payload: z.output<S>, ctx: JobContext): Promise<JobOutcome>;
  /** Called once when the job's worker died, with the payload as it was enqueued (when it still parses). */
  onLost?(payload: z.output<S>, lost: LostJob): void | Promise<unknown>;
  /**
   * Embedded provider only: an extra SQL condition on the candidate row (aliased `candidate`) that
   * must hold for a job of this definition to be claimed (a feed's loads run one at a time).
   */
  claimableWhen?: SQL;
};

export type PayloadOf<D> = D extends JobDefinition<infer S> ? z.input<S> : never;

export function defineJob<S extends PayloadSchema>(def: Omit<JobDefinition<S>, "maxAttempts"> & { maxAttempts?: number }): JobDefinition<S> {
  return { maxAttempts: 3, ...def };
}

/** The payload a job was stored with, parsed by its definition; a clear error when it does not fit. */
export function parsePayload<S extends PayloadSchema>(def: JobDefinition<S>, raw: unknown): { ok: true; payload: z.output<S> } | { ok: false; error: string } {
  const parsed = def.payload.safeParse(raw);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ");
  return { ok: false, error: `Invalid payload for job type ${def.id}: ${issues}` };
}

export class JobPayloadError extends Error {}
