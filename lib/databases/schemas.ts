import { z } from "zod";

// The native API's database-connection body: what the console's form sends (a URI, optional SSH).
export const sshSettingsSchema = z.object({
  host: z.string().trim().min(1, { error: "Enter the SSH host" }),
  port: z.coerce.number().int().min(1).max(65535).default(22),
  username: z.string().trim().min(1, { error: "Enter the SSH username" }),
  password: z.string().nullish(),
  private_key: z.string().nullish(),
  private_key_password: z.string().nullish(),
});

// "field required" / "str type expected": the words URI-speaking clients look for on a bad field.
export const requiredString = () => z.string({ error: (issue) => (issue.input === undefined ? "field required" : "str type expected") });

export const databaseConnectionInputSchema = z.object({
  alias: requiredString().trim().min(1, { error: "field required" }).max(100),
  use_ssh: z.boolean().default(false),
  connection_uri: requiredString().trim().min(1, { error: "field required" }).max(5_000),
  path_to_credentials_file: z.string().nullish(),
  ssh_settings: sshSettingsSchema.nullish(),
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
