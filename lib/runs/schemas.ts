import { z } from "zod";

const iso = z
  .date()
  .nullable()
  .transform((d) => d?.toISOString() ?? null);

export const runSchema = z.object({
  id: z.number(),
  feedId: z.number().nullable(),
  kind: z.enum(["test", "load"]),
  trigger: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
  attempt: z.number(),
  retryOf: z.number().nullable(),
  queuedAt: z.date().transform((d) => d.toISOString()),
  startedAt: iso,
  finishedAt: iso,
  durationMs: z.number().nullable(),
  // Records the script wrote (kept as `records` too, for clients written before recordsWritten).
  records: z.number(),
  recordsWritten: z.number(),
  // Records committed to at least one destination: 0 for a test run and for a load run that loaded nothing.
  recordsLoaded: z.number(),
  // Some destinations committed and others did not (destinations says which).
  partiallyLoaded: z.boolean(),
  destinations: z
    .array(z.object({ type: z.string(), status: z.enum(["committed", "rolled_back", "failed", "skipped"]), records: z.number(), error: z.string().nullable() }))
    .nullable(),
  heartbeatAt: iso,
  bytes: z.number(),
  error: z.string().nullable(),
  errorKind: z.string().nullable(),
  preview: z.array(z.record(z.string(), z.unknown())).nullable(),
  columns: z.array(z.string()).nullable(),
  notifications: z.array(z.record(z.string(), z.unknown())).nullable(),
  cancelRequested: z.boolean(),
  createdBy: z.string().nullable(),
});
export type RunOut = z.output<typeof runSchema>;

/** What starting a load run answers: the run, and whether the request joined one already queued. */
export const startedRunSchema = runSchema.extend({
  coalesced: z.boolean().meta({ description: "True when a run of this feed was already queued and this request joined it (no second run)" }),
  message: z.string(),
});
export type StartedRunOut = z.output<typeof startedRunSchema>;

export const runPageSchema = z.object({ runs: z.array(runSchema), total: z.number(), page: z.number(), pageSize: z.number() });
export const runPageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const logLineSchema = z.object({
  seq: z.number(),
  at: z.date().transform((d) => d.toISOString()),
  stream: z.enum(["stdout", "stderr", "system"]),
  line: z.string(),
});
export const logPageSchema = z.object({ lines: z.array(logLineSchema), nextAfter: z.number(), done: z.boolean() });
export const logQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
