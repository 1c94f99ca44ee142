import { z } from "zod";
import { TABLE_DESCRIPTION_STATUSES } from "@/lib/db/enums";
import { druidConnectionSchema } from "@/lib/connections/druid-schemas";

// The compat surfaces' response shapes, for the OpenAPI document (the adapters build them).

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

export const dataheraldErrorSchema = z.object({
  error_code: z.string(),
  message: z.string(),
  description: z.string(),
  detail: z.record(z.string(), z.unknown()).describe("The request, minus its secrets"),
});

export const fastApiValidationSchema = z.object({ detail: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() })) });

export const pivotConnectionOutSchema = druidConnectionSchema.extend({ fixed: z.boolean().optional() }).describe("key, passphrase and sockPassword come back masked");
export const pivotErrorSchema = z.object({ error: z.string() });

export const zoomdataTypeSchema = z.object({ id: z.string(), name: z.string(), storageType: z.string(), subStorageType: z.string(), edcBased: z.boolean(), edc: z.boolean() });
export const zoomdataConnectionOutSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  subStorageType: z.string(),
  connectionTypeId: z.string(),
  parameters: z.object({ JDBC_URL: z.string().nullable(), USER_NAME: z.string().nullable(), PASSWORD: z.null() }),
  created: z.string(),
  lastModified: z.string(),
});
export const zoomdataErrorSchema = z.object({ timestamp: z.number(), status: z.number(), error: z.string(), message: z.string() });
