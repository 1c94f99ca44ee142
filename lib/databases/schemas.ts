import { z } from "zod";

// The Dataherald request body (seed 002), also what the console's form sends.
export const sshSettingsSchema = z.object({
  host: z.string().trim().min(1, { error: "Enter the SSH host" }),
  port: z.coerce.number().int().min(1).max(65535).default(22),
  username: z.string().trim().min(1, { error: "Enter the SSH username" }),
  password: z.string().nullish(),
  private_key: z.string().nullish(),
  private_key_password: z.string().nullish(),
});

export const fileStorageSchema = z.object({
  name: z.string().min(1),
  access_key_id: z.string().nullish(),
  secret_access_key: z.string().nullish(),
  region: z.string().nullish(),
  bucket: z.string().nullish(),
});

// FastAPI's words for a missing or mistyped field, which Dataherald clients may look for.
const requiredString = () => z.string({ error: (issue) => (issue.input === undefined ? "field required" : "str type expected") });

export const databaseConnectionInputSchema = z.object({
  alias: requiredString().trim().min(1, { error: "field required" }).max(100),
  use_ssh: z.boolean().default(false),
  connection_uri: requiredString().trim().min(1, { error: "field required" }).max(5_000),
  path_to_credentials_file: z.string().nullish(),
  llm_api_key: z.string().nullish(),
  ssh_settings: sshSettingsSchema.nullish(),
  file_storage: fileStorageSchema.nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  schemas: z.array(z.string().min(1)).nullish(),
});
export type DatabaseConnectionInput = z.infer<typeof databaseConnectionInputSchema>;

export const tableDescriptionUpdateSchema = z.object({
  description: z.string().max(10_000).nullish(),
  columns: z
    .array(z.object({ name: z.string().min(1), description: z.string().max(10_000).nullish() }).passthrough())
    .nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

export const syncSchemasSchema = z.object({
  db_connection_id: z.string().min(1),
  table_names: z.array(z.string().min(1)).nullish(),
});

export const refreshSchema = z.object({ db_connection_id: z.string().min(1) });
