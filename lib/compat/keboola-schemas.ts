import { z } from "zod";

// Keboola's request shapes and response shapes (for the OpenAPI document; lib/compat/keboola.ts builds the responses).

/** POST /provisioning/{backend}: {"type"}; a body of `[]` (PHP's json_encode of an empty array) or none is {}. */
export const keboolaCreateSchema = z.preprocess((v) => (v === null || Array.isArray(v) ? {} : v), z.object({ type: z.string().trim().min(1).max(50).optional() }));
export const keboolaListQuerySchema = z.object({ type: z.string().trim().max(50).optional() });

/** POST /provisioning/async/docker: {type, script, input}. */
export const keboolaAsyncCreateSchema = z.object({ type: z.string({ error: "type is required (rstudio or jupyter)" }).min(1), script: z.string().max(1_000_000).optional(), input: z.array(z.unknown()).max(1000).optional() });

/** POST /provisioning/async/docker/transformation: every field of `transformation` is required. */
export const keboolaTransformationSchema = z.object({
  transformation: z.object(
    {
      config_id: z.coerce.string({ error: "transformation.config_id is required" }).min(1),
      config_version: z.coerce.string({ error: "transformation.config_version is required" }).min(1),
      row_id: z.coerce.string({ error: "transformation.row_id is required" }).min(1),
    },
    { error: "transformation {config_id, config_version, row_id} is required" },
  ),
});


const credentials = z.object({
  id: z.string(),
  hostname: z.string(),
  port: z.number().nullable(),
  db: z.string(),
  user: z.string(),
  password: z.string().describe("The sandbox login's own password, in plain text for its owner (as Keboola's document shows)"),
  schema: z.string().nullable(),
  warehouse: z.string().nullable().describe("Snowflake only"),
  workspaceId: z.string(),
});

export const keboolaCredentialsSchema = z.object({
  id: z.string(),
  status: z.literal("ok"),
  credentials,
  touch: z.string().describe("Last touch, Unix time in milliseconds"),
  expiration: z.string().describe("When the credentials are dropped unless extended (ISO 8601)"),
  url: z.string().optional().describe("On create: {backend}/{id}"),
  inUse: z.boolean().optional().describe("On GET: the login has a session on the server now"),
  canExtend: z.boolean().optional(),
});

export const keboolaOkSchema = z.object({ status: z.literal("ok") });
export const keboolaExtendedSchema = z.object({ id: z.string(), status: z.literal("ok"), touch: z.string(), expiration: z.string() });
export const keboolaAcceptedSchema = z.object({ id: z.number(), url: z.string().describe("/queue/job/{id} on this server"), status: z.literal("waiting") });
export const keboolaJobSchema = z.object({
  id: z.number(),
  runId: z.string(),
  url: z.string(),
  component: z.literal("keboola-provisioning-bundle"),
  command: z.enum(["create", "delete"]),
  params: z.record(z.string(), z.unknown()),
  result: z.record(z.string(), z.unknown()).describe("On success of a create: credentials.id; on error: message"),
  status: z.enum(["waiting", "processing", "success", "error", "cancelled"]),
  createdTime: z.string(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
});
export const keboolaErrorSchema = z.object({ status: z.enum(["error", "warning"]), error: z.string(), message: z.string(), code: z.number(), exceptionId: z.string() });
