import { z } from "zod";
import { CONNECTION_KINDS, FEED_STATUSES, LANGUAGES, LOAD_TYPES } from "@/lib/db/enums";

// The "as code" bundle: connections of every kind and feeds, as YAML (or JSON), never with a secret
// value in it. Each connection lists its secret fields under `secrets`; their values come in a
// separate secrets file keyed by connection name and field, as Superset's import takes `passwords`.

export const BUNDLE_VERSION = 1;

export const bundleConnectionSchema = z
  .object({
    name: z.string({ error: "name is required" }).trim().min(1, { error: "name is required" }),
    kind: z.enum(CONNECTION_KINDS, { error: `kind must be one of ${CONNECTION_KINDS.join(", ")}` }),
    // Dotted paths of the secret fields ("password", "headers.0.value", "body.client_secret").
    secrets: z
      .array(
        z
          .string()
          .min(1)
          .max(500)
          .refine((p) => !p.split(".").some((seg) => seg === "__proto__" || seg === "constructor" || seg === "prototype" || seg === ""), { error: "Not a field path" }),
      )
      .max(100)
      .default([]),
  })
  .catchall(z.unknown());
export type BundleConnection = z.infer<typeof bundleConnectionSchema>;

export const bundleFeedSchema = z.object({
  name: z.string({ error: "name is required" }).trim().min(1, { error: "name is required" }),
  // The REST connection's name (feeds refer to connections by name, so a bundle moves between servers).
  connection: z.string().nullable().default(null),
  language: z.enum(LANGUAGES).default("python"),
  script: z.string().default(""),
  dependencies: z.array(z.string()).default([]),
  loadType: z.enum(LOAD_TYPES).default("incremental"),
  destinations: z.array(z.string()).default([]),
  trigger: z.record(z.string(), z.unknown()).default({ type: "none" }),
  watchers: z.array(z.record(z.string(), z.unknown())).default([]),
  tags: z.array(z.string()).default([]),
  status: z.enum(FEED_STATUSES).default("draft"),
});
export type BundleFeed = z.infer<typeof bundleFeedSchema>;

export const bundleSchema = z.object({
  version: z.literal(BUNDLE_VERSION, { error: `version must be ${BUNDLE_VERSION}` }),
  exportedAt: z.string().optional(),
  connections: z.array(bundleConnectionSchema).default([]),
  feeds: z.array(bundleFeedSchema).default([]),
});
export type Bundle = z.infer<typeof bundleSchema>;

/** connections: { <name>: { <secret field>: value } } */
export const secretsMapSchema = z
  .object({ connections: z.record(z.string(), z.record(z.string(), z.string())).default({}) })
  .default({ connections: {} });
export type SecretsMap = z.infer<typeof secretsMapSchema>;

// Which objects an export takes: "all" (default), "none", or a comma-separated list of names.
const selection = z.string().max(10_000).default("all");
export const exportQuerySchema = z.object({
  connections: selection,
  databases: selection,
  feeds: selection,
  format: z.enum(["yaml", "json"]).default("yaml"),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;

export const importBodySchema = z.object({
  // The bundle as YAML/JSON text, or already parsed.
  bundle: z.union([z.string().max(900_000), z.record(z.string(), z.unknown())]),
  secrets: z.union([z.string().max(100_000), z.record(z.string(), z.unknown())]).optional(),
  dryRun: z.boolean().default(false),
  // Test-run and then activate feeds the bundle says are active or paused (see README).
  testFeeds: z.boolean().default(true),
});

export const planEntrySchema = z.object({
  type: z.enum(["connection", "feed"]),
  kind: z.string(),
  name: z.string(),
  action: z.enum(["create", "update", "unchanged"]),
  changes: z.array(z.string()),
  note: z.string().optional(),
  webhookSecret: z.string().optional(),
  activation: z.object({ status: z.string(), runId: z.number().nullable(), message: z.string() }).optional(),
});
export type PlanEntry = z.infer<typeof planEntrySchema>;

export const importResultSchema = z.object({
  dryRun: z.boolean(),
  valid: z.boolean(),
  objects: z.array(planEntrySchema),
  errors: z.array(z.object({ object: z.string(), field: z.string(), message: z.string() })),
});
export type ImportResult = z.infer<typeof importResultSchema>;
