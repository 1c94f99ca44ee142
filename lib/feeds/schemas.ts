import { z } from "zod";
import { FEED_STATUSES, LANGUAGES, LOAD_TYPES } from "@/lib/db/enums";
import { triggerSchema, type Trigger } from "@/lib/triggers/schemas";
import { DESTINATION_TYPES } from "@/lib/destinations/types";
import { brokenFeedNameRules } from "./name-rules";

export const feedNameSchema = z
  .string()
  .trim()
  .min(1, { error: "Enter a feed name" })
  .superRefine((name, ctx) => {
    for (const message of brokenFeedNameRules(name)) ctx.addIssue({ code: "custom", message });
  });

// PEP 508 names with optional extras and version specifiers. No URLs, paths or pip options: a
// requirement cannot point pip at another index or at a file on the server.
const REQUIREMENT = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\[[A-Za-z0-9._-]+(?:\s*,\s*[A-Za-z0-9._-]+)*\])?(?:\s*(?:===|==|!=|<=|>=|~=|<|>)\s*[A-Za-z0-9.*+!_-]+(?:\s*,\s*(?:===|==|!=|<=|>=|~=|<|>)\s*[A-Za-z0-9.*+!_-]+)*)?$/;

export const requirementSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(REQUIREMENT, { error: "Not a pip requirement: use a package name with an optional version, e.g. requests==2.32.3" });

export const watcherSchema = z.object({
  url: z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), { error: "Enter an http:// or https:// URL" }),
  onSuccess: z.boolean().default(false),
  onFailure: z.boolean().default(true),
});
export type Watcher = z.infer<typeof watcherSchema>;

export const WIZARD_STEPS = ["connection", "import", "destination", "trigger"] as const;

export const feedInputSchema = z
  .object({
    name: feedNameSchema.nullable(),
    connectionId: z.string().nullable(),
    language: z.enum(LANGUAGES),
    script: z.string().max(200_000, { error: "Scripts are limited to 200,000 characters" }),
    dependencies: z.array(requirementSchema).max(50),
    loadType: z.enum(LOAD_TYPES),
    destinations: z.array(z.enum(DESTINATION_TYPES)).max(DESTINATION_TYPES.length),
    trigger: triggerSchema,
    watchers: z.array(watcherSchema).max(20),
    tags: z.array(z.string().trim().min(1).max(40)).max(20),
    status: z.enum(FEED_STATUSES),
    wizardStep: z.enum(WIZARD_STEPS).nullable(),
  })
  .partial();
export type FeedInput = z.infer<typeof feedInputSchema>;

export const feedListQuerySchema = z.object({
  status: z.enum(FEED_STATUSES).optional(),
  tag: z.string().max(40).optional(),
  connectionId: z.string().optional(),
  // Part of the name, any case.
  q: z.string().max(100).optional(),
  // Paging (lib/api/paging.ts): checked by the list itself, which answers 400 naming the field.
  limit: z.string().optional(),
  cursor: z.string().optional(),
});

const runSummarySchema = z.object({
  id: z.number(),
  status: z.string(),
  trigger: z.string(),
  // Written by the script, and committed to the destinations (a failed run may write and load nothing).
  records: z.number(),
  recordsLoaded: z.number(),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});

export const feedSchema = z.object({
  id: z.number(),
  name: z.string().nullable(),
  connectionId: z.string().nullable(),
  connectionName: z.string().nullable(),
  language: z.enum(LANGUAGES),
  script: z.string(),
  dependencies: z.array(z.string()),
  loadType: z.enum(LOAD_TYPES),
  destinations: z.array(z.string()),
  trigger: z.record(z.string(), z.unknown()),
  nextRuns: z.array(z.string()),
  watchers: z.array(z.record(z.string(), z.unknown())),
  tags: z.array(z.string()),
  status: z.enum(FEED_STATUSES),
  // Set when Switchyard paused the feed (a warehouse switch), cleared on resume.
  pausedReason: z.string().nullable(),
  wizardStep: z.string().nullable(),
  scriptTested: z.boolean(),
  tableName: z.string().nullable(),
  webhook: z.object({ path: z.string(), hasSecret: z.boolean() }).nullable(),
  // Only in the response that created the secret.
  webhookSecret: z.string().optional(),
  lastRun: runSummarySchema.nullable(),
  // The PROVISIONING_DIR file that declares the feed (then read-only), or null.
  provisionedFrom: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
});
// The trigger and watchers are answered as stored (validated by triggerSchema and watcherSchema on
// the way in), so the output schema does not parse them again; their types are the stored ones.
type StoredShapes = { trigger: Trigger; watchers: Watcher[] };
export type FeedOut = Omit<z.infer<typeof feedSchema>, keyof StoredShapes> & StoredShapes;
// A list row is the feed without its script (which can be large): open the feed for that.
export const feedSummarySchema = feedSchema.omit({ script: true, webhookSecret: true });
export type FeedSummaryOut = Omit<z.infer<typeof feedSummarySchema>, keyof StoredShapes> & StoredShapes;
export const feedListSchema = z.object({
  feeds: z.array(feedSummarySchema),
  total: z.number(),
  nextCursor: z.string().nullable(),
  // Every tag any feed carries, whatever the filters: what the tag filter offers.
  tags: z.array(z.string()),
});
