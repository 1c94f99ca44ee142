import { z } from "zod";
import { TABLE_DESCRIPTION_STATUSES } from "@/lib/db/enums";
import type { StoredTableColumn } from "@/lib/db/json-columns";

// The native API's view of database connections and table descriptions (used by the console).
export const databaseConnectionOutSchema = z.object({
  id: z.string(),
  kind: z.literal("database"),
  name: z.string(),
  dialect: z.string(),
  source: z.string(),
  uri: z.string(),
  host: z.string().nullable(),
  port: z.number().nullable(),
  database: z.string().nullable(),
  user: z.string().nullable(),
  schema: z.string().nullable(),
  file: z.string().nullable(),
  useSsh: z.boolean(),
  ssh: z.object({ host: z.string(), port: z.number(), username: z.string(), hasPassword: z.boolean(), hasPrivateKey: z.boolean() }).nullable(),
  // Secret references by field ({ password: "$__env{PG_PASSWORD}" }): shown as written, never resolved.
  secretRefs: z.record(z.string(), z.string()),
  driverAvailable: z.boolean(),
  lastTest: z.object({ ok: z.boolean(), code: z.string().nullable(), message: z.string(), at: z.string() }).nullable(),
  tables: z.object({ total: z.number(), scanned: z.number(), failed: z.number(), synchronizing: z.number() }),
  provisionedFrom: z.string().nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
});
export type DatabaseConnectionOut = z.infer<typeof databaseConnectionOutSchema>;
// Paging (lib/api/paging.ts): limit and cursor are checked by the list, which answers 400 naming the field.
export const databaseListQuerySchema = z.object({ q: z.string().max(100).optional(), limit: z.string().optional(), cursor: z.string().optional() });
export const databaseListSchema = z.object({ databases: z.array(databaseConnectionOutSchema), total: z.number(), nextCursor: z.string().nullable() });

export const tableDescriptionOutSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  schemaName: z.string(),
  tableName: z.string(),
  status: z.enum(TABLE_DESCRIPTION_STATUSES),
  description: z.string().nullable(),
  columns: z.array(z.record(z.string(), z.unknown())),
  examples: z.array(z.record(z.string(), z.unknown())),
  rowCount: z.number().nullable(),
  errorMessage: z.string().nullable(),
  lastScannedAt: z.string().nullable(),
});
// The columns are answered as a scan stored them (the output schema does not parse them again).
export type TableDescriptionOut = Omit<z.infer<typeof tableDescriptionOutSchema>, "columns"> & { columns: StoredTableColumn[] };

export const databaseTestResultSchema = z.object({
  ok: z.boolean(),
  code: z.string().nullable(),
  message: z.string(),
  dialect: z.string().nullable(),
  tables: z.array(z.string()),
});
