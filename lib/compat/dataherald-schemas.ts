import { z } from "zod";
import { TABLE_DESCRIPTION_STATUSES } from "@/lib/db/enums";
import { databaseConnectionInputSchema, requiredString, tableDescriptionUpdateSchema } from "@/lib/databases/schemas";

// Dataherald's wire schemas (seed 002, the engine's /api/v1 and the hosted API's /api paths the
// official Python SDK calls): request bodies, responses and error envelopes.

const fileStorageSchema = z.object({
  name: z.string().min(1),
  access_key_id: z.string().nullish(),
  secret_access_key: z.string().nullish(),
  region: z.string().nullish(),
  bucket: z.string().nullish(),
});

export const dataheraldConnectionSchema = databaseConnectionInputSchema.extend({
  // An empty URI is the engine's 400 invalid_database_uri_format, not a body validation error.
  connection_uri: requiredString().trim().max(5_000),
  llm_api_key: z.string().nullish(),
  file_storage: fileStorageSchema.nullish(),
  // The hosted API's SDK may send the credentials file's content instead of its path.
  credential_file_content: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
});
export type DataheraldConnectionInput = z.infer<typeof dataheraldConnectionSchema>;

export const dataheraldTableUpdateSchema = tableDescriptionUpdateSchema.extend({
  // The SDK's update sends examples too; they come from scans here and are not written.
  examples: z.array(z.unknown()).nullish(),
});

export const syncSchemasSchema = z.object({
  db_connection_id: z.string().min(1),
  table_names: z.array(z.string().min(1)).nullish(),
});
// The hosted API takes a list of them (the official Python SDK's sync_schemas body).
export const hostedSyncSchemasSchema = z.array(syncSchemasSchema).min(1, { error: "Give at least one {db_connection_id, table_names}" });

export const refreshSchema = z.object({ db_connection_id: z.string().min(1) });
export const tableListQuerySchema = z.object({ db_connection_id: z.string().optional(), table_name: z.string().optional() });

const ciphertext = z.string().nullable().describe("Ciphertext of the secret; never the plain value");

export const dataheraldConnectionOutSchema = z.object({
  id: z.string().describe("24 hexadecimal characters"),
  alias: z.string(),
  dialect: z.string(),
  use_ssh: z.boolean(),
  connection_uri: ciphertext,
  path_to_credentials_file: z.string().nullable(),
  llm_api_key: ciphertext,
  ssh_settings: z.object({ host: z.string(), port: z.number(), username: z.string(), password: ciphertext, private_key_password: ciphertext }).nullable(),
  file_storage: z.object({ name: z.string(), access_key_id: ciphertext, secret_access_key: ciphertext, region: z.string().nullish(), bucket: z.string().nullish() }).nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  schemas: z.array(z.string()).nullable(),
  created_at: z.string().describe("ISO 8601, UTC"),
});

export const dataheraldTableOutSchema = z.object({
  id: z.string(),
  db_connection_id: z.string(),
  schema_name: z.string(),
  table_name: z.string(),
  description: z.string().nullable(),
  table_schema: z.string().nullable(),
  columns: z.array(z.object({ name: z.string(), data_type: z.string().nullable(), description: z.string().nullable(), is_primary_key: z.boolean(), foreign_key: z.null(), low_cardinality: z.boolean(), categories: z.null() })),
  examples: z.array(z.record(z.string(), z.unknown())),
  row_count: z.number().nullable(),
  last_schema_sync: z.string().nullable(),
  status: z.enum(TABLE_DESCRIPTION_STATUSES),
  error_message: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  created_at: z.string(),
});

export const dataheraldDriverSchema = z.object({ name: z.string().nullable(), driver: z.string() });
// The engine answers its heartbeat with the server's clock in nanoseconds.
// (Past 2^53, so not a safe integer: JSON carries it as a plain number.)
export const heartbeatSchema = z.object({ "nanosecond heartbeat": z.number() });

export const dataheraldErrorSchema = z.object({
  error_code: z.string(),
  message: z.string(),
  description: z.string(),
  detail: z.record(z.string(), z.unknown()).describe("The request, minus its secrets"),
});

export const fastApiValidationSchema = z.object({ detail: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() })) });
