import { z } from "zod";
import { auditPageSchema, auditQuerySchema } from "@/lib/audit/schemas";
import {
  dataheraldConnectionOutSchema,
  dataheraldErrorSchema,
  dataheraldTableOutSchema,
  fastApiValidationSchema,
  pivotConnectionOutSchema,
  pivotErrorSchema,
  zoomdataConnectionOutSchema,
  zoomdataErrorSchema,
  zoomdataTypeSchema,
} from "@/lib/compat/wire-schemas";
import { zoomdataConnectionSchema } from "@/lib/compat/zoomdata-schemas";
import { druidConnectionSchema, pivotWriteSchema } from "@/lib/connections/druid-schemas";
import { connectionTestResultSchema, restConnectionInputSchema, restConnectionSchema } from "@/lib/connections/rest-schemas";
import { databaseConnectionOutSchema, databaseTestResultSchema, tableDescriptionOutSchema } from "@/lib/databases/native-schemas";
import { databaseConnectionInputSchema, refreshSchema, syncSchemasSchema, tableDescriptionUpdateSchema } from "@/lib/databases/schemas";
import { warehouseOutSchema, warehouseSchema } from "@/lib/destinations/warehouse-schemas";
import { feedInputSchema, feedListQuerySchema, feedListSchema, feedSchema } from "@/lib/feeds/schemas";
import { logPageSchema, logQuerySchema, runPageQuerySchema, runPageSchema, runSchema } from "@/lib/runs/schemas";
import { networkRulesSchema, networkSettingsSchema, runSettingsSchema } from "@/lib/settings/network-schemas";
import { generalSettingsSchema } from "@/lib/settings/schemas";
import { createdTokenSchema, createTokenSchema, tokenListSchema, tokenSchema } from "@/lib/tokens/schemas";
import { triggerPreviewSchema } from "@/lib/triggers/schemas";
import { changeOwnPasswordSchema, createUserSchema, resetPasswordSchema, updateUserSchema, userListSchema, userSchema } from "@/lib/users/schemas";

// Every operation of every surface, with the zod schemas its handler uses. lib/openapi/document.ts
// turns this into OpenAPI 3.1; a test checks that every route handler in app/ is listed here.

export type Surface = "native" | "pivot" | "dataherald" | "zoomdata";
export type Operation = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  surface: Surface;
  tag: string;
  summary: string;
  role: "public" | "viewer" | "editor" | "admin";
  query?: z.ZodType;
  body?: z.ZodType;
  status?: number;
  response?: z.ZodType;
  // Content other than JSON (Server-Sent Events).
  responseType?: string;
};

const op = (method: Operation["method"], path: string, o: Omit<Operation, "method" | "path" | "surface">, surface: Surface = "native"): Operation => ({ method, path, surface, ...o });
const pivot = (method: Operation["method"], path: string, o: Omit<Operation, "method" | "path" | "surface" | "tag">) => op(method, path, { tag: "Imply Pivot", ...o }, "pivot");
const dh = (method: Operation["method"], path: string, o: Omit<Operation, "method" | "path" | "surface" | "tag">) => op(method, path, { tag: "Dataherald", ...o }, "dataherald");
const zd = (method: Operation["method"], path: string, o: Omit<Operation, "method" | "path" | "surface" | "tag">) => op(method, path, { tag: "Zoomdata", ...o }, "zoomdata");

const ok = z.object({ status: z.literal("ok") });
const wait = z.object({ wait: z.enum(["true", "false", "1", "0"]).optional() });
const stateOut = z.object({ state: z.record(z.string(), z.unknown()), destination: z.string().nullable() });
const me = z.object({ type: z.string(), userId: z.number().nullable(), label: z.string(), role: z.string() });
const tables = z.object({ tables: z.array(tableDescriptionOutSchema) });
const connectionSummary = z.object({ id: z.string(), kind: z.string(), name: z.string(), detail: z.string(), usedByFeeds: z.number(), lastTest: z.unknown(), createdAt: z.string() });

export const OPERATIONS: Operation[] = [
  op("get", "/api/openapi.json", { tag: "System", summary: "This OpenAPI 3.1 document", role: "public", response: z.record(z.string(), z.unknown()) }),
  op("get", "/api/health", { tag: "System", summary: "Health check: the server and its database answer", role: "public", response: ok }),
  op("get", "/api/me", { tag: "Users", summary: "Who the credentials belong to, and their role", role: "viewer", response: me }),
  op("post", "/api/me/password", { tag: "Users", summary: "Change your own password", role: "viewer", body: changeOwnPasswordSchema, status: 204 }),
  op("get", "/api/users", { tag: "Users", summary: "List users", role: "admin", response: userListSchema }),
  op("post", "/api/users", { tag: "Users", summary: "Create a user", role: "admin", body: createUserSchema, status: 201, response: userSchema }),
  op("patch", "/api/users/{id}", { tag: "Users", summary: "Change a user's name, role or disabled state", role: "admin", body: updateUserSchema, response: userSchema }),
  op("post", "/api/users/{id}/password", { tag: "Users", summary: "Reset a user's password", role: "admin", body: resetPasswordSchema, status: 204 }),
  op("post", "/api/me/sign-out-everywhere", { tag: "Users", summary: "End every session of the signed-in user, this one included (session cookies only)", role: "viewer", status: 204 }),
  op("post", "/api/users/{id}/sign-out-everywhere", { tag: "Users", summary: "End every session of a user", role: "admin", status: 204 }),
  op("get", "/api/tokens", { tag: "API tokens", summary: "List API tokens (admins see everyone's)", role: "viewer", response: tokenListSchema }),
  op("post", "/api/tokens", { tag: "API tokens", summary: "Create an API token; the token is in this response only", role: "viewer", body: createTokenSchema, status: 201, response: createdTokenSchema }),
  op("delete", "/api/tokens/{id}", { tag: "API tokens", summary: "Revoke a token", role: "viewer", response: tokenSchema }),
  op("get", "/api/audit", { tag: "Audit log", summary: "Audit events, filtered and paged", role: "admin", query: auditQuerySchema, response: auditPageSchema }),
  op("get", "/api/settings/general", { tag: "Settings", summary: "Workspace settings", role: "viewer", response: generalSettingsSchema }),
  op("put", "/api/settings/general", { tag: "Settings", summary: "Change workspace settings", role: "admin", body: generalSettingsSchema, response: generalSettingsSchema }),
  op("get", "/api/settings/warehouse", { tag: "Settings", summary: "The warehouse and the destinations it offers feeds", role: "viewer", response: warehouseOutSchema }),
  op("put", "/api/settings/warehouse", { tag: "Settings", summary: "Choose the warehouse (PostgreSQL and Redshift are tested first)", role: "admin", body: warehouseSchema, response: warehouseOutSchema }),
  op("get", "/api/settings/network", { tag: "Settings", summary: "Outbound rules: the saved ones, the environment's and what is always refused", role: "viewer", response: networkSettingsSchema }),
  op("put", "/api/settings/network", { tag: "Settings", summary: "Change the outbound allow and deny rules and the private-range switches", role: "admin", body: networkRulesSchema, response: networkSettingsSchema }),
  op("get", "/api/settings/runs", { tag: "Settings", summary: "How many test runs may execute at once", role: "viewer", response: runSettingsSchema }),
  op("put", "/api/settings/runs", { tag: "Settings", summary: "Change the test-run concurrency limits (per person and in all)", role: "admin", body: runSettingsSchema, response: runSettingsSchema }),

  op("get", "/api/connections", { tag: "Connections", summary: "Every connection of every kind", role: "viewer", query: z.object({ kind: z.enum(["rest", "druid", "database"]).optional(), q: z.string().optional() }), response: z.object({ connections: z.array(connectionSummary) }) }),
  op("post", "/api/connections", { tag: "Connections", summary: "Create a REST connection (No, Basic or Custom auth)", role: "editor", body: restConnectionInputSchema, status: 201, response: restConnectionSchema }),
  op("get", "/api/connections/{id}", { tag: "Connections", summary: "A REST connection, secrets masked", role: "viewer", response: restConnectionSchema }),
  op("patch", "/api/connections/{id}", { tag: "Connections", summary: "Change a REST connection; the mask keeps a stored secret", role: "editor", body: restConnectionInputSchema, response: restConnectionSchema }),
  op("delete", "/api/connections/{id}", { tag: "Connections", summary: "Delete a connection (409 while feeds use it)", role: "editor", status: 204 }),
  op("post", "/api/connections/{id}/test", { tag: "Connections", summary: "Test a saved connection of any kind", role: "editor", response: connectionTestResultSchema }),
  op("post", "/api/connections/test", { tag: "Connections", summary: "Test a REST connection before saving it", role: "editor", body: restConnectionInputSchema, query: z.object({ id: z.string().optional() }), response: connectionTestResultSchema }),
  op("get", "/api/druid-connections", { tag: "Connections", summary: "Druid connections", role: "viewer", response: z.object({ connections: z.array(pivotConnectionOutSchema) }) }),
  op("post", "/api/druid-connections", { tag: "Connections", summary: "Create a Druid connection", role: "editor", body: druidConnectionSchema, status: 201, response: pivotConnectionOutSchema }),
  op("get", "/api/druid-connections/{id}", { tag: "Connections", summary: "A Druid connection, secrets masked", role: "viewer", response: pivotConnectionOutSchema }),
  op("put", "/api/druid-connections/{id}", { tag: "Connections", summary: "Change a Druid connection", role: "editor", body: druidConnectionSchema, response: pivotConnectionOutSchema }),
  op("delete", "/api/druid-connections/{id}", { tag: "Connections", summary: "Delete a Druid connection", role: "editor", status: 204 }),

  op("get", "/api/databases", { tag: "Databases", summary: "Database connections", role: "viewer", response: z.object({ databases: z.array(databaseConnectionOutSchema) }) }),
  op("post", "/api/databases", { tag: "Databases", summary: "Create a database connection; it is tested first and never saved if the test fails", role: "editor", body: databaseConnectionInputSchema, status: 201, response: databaseConnectionOutSchema }),
  op("post", "/api/databases/test", { tag: "Databases", summary: "Test a database connection without saving it", role: "editor", body: databaseConnectionInputSchema, response: databaseTestResultSchema }),
  op("get", "/api/databases/{id}", { tag: "Databases", summary: "A database connection", role: "viewer", response: databaseConnectionOutSchema }),
  op("put", "/api/databases/{id}", { tag: "Databases", summary: "Change a database connection (tested again)", role: "editor", body: databaseConnectionInputSchema, response: databaseConnectionOutSchema }),
  op("delete", "/api/databases/{id}", { tag: "Databases", summary: "Delete a database connection and its table descriptions", role: "editor", status: 204 }),
  op("post", "/api/databases/{id}/test", { tag: "Databases", summary: "Test a saved database connection", role: "editor", response: databaseTestResultSchema }),
  op("get", "/api/databases/{id}/tables", { tag: "Databases", summary: "The connection's table descriptions", role: "viewer", response: tables }),
  op("post", "/api/databases/{id}/tables/scan", { tag: "Databases", summary: "Scan tables in the background (SYNCHRONIZING, then SCANNED or FAILED)", role: "editor", body: z.object({ tableNames: z.array(z.string()).optional() }), status: 202, response: tables }),
  op("post", "/api/databases/{id}/tables/refresh", { tag: "Databases", summary: "Add new tables (NOT_SCANNED) and mark vanished ones DEPRECATED", role: "editor", response: tables }),
  op("get", "/api/databases/tables/{tableId}", { tag: "Databases", summary: "A table description", role: "viewer", response: tableDescriptionOutSchema }),
  op("patch", "/api/databases/tables/{tableId}", { tag: "Databases", summary: "Describe a table and its columns", role: "editor", body: tableDescriptionUpdateSchema, response: tableDescriptionOutSchema }),

  op("get", "/api/feeds", { tag: "Feeds", summary: "Feeds, filtered by status, tag or connection", role: "viewer", query: feedListQuerySchema, response: feedListSchema }),
  op("post", "/api/feeds", { tag: "Feeds", summary: "Create a feed (a draft may be partial)", role: "editor", body: feedInputSchema, status: 201, response: feedSchema }),
  op("get", "/api/feeds/{id}", { tag: "Feeds", summary: "A feed, with its next five run times", role: "viewer", response: feedSchema }),
  op("patch", "/api/feeds/{id}", { tag: "Feeds", summary: "Change a feed; status active validates it in full, paused stops its schedule", role: "editor", body: feedInputSchema, response: feedSchema }),
  op("delete", "/api/feeds/{id}", { tag: "Feeds", summary: "Delete a feed (409 while a run is queued or running)", role: "editor", status: 204 }),
  op("post", "/api/feeds/{id}/test", { tag: "Runs", summary: "Test run: at most 10 preview records, nothing written (?wait=true blocks; 429 beyond the concurrency limits). A body with language, script or dependencies tests those edits instead of the saved ones, without saving them", role: "editor", query: wait, body: z.object({ language: z.enum(["python", "javascript"]).optional(), script: z.string().optional(), dependencies: z.array(z.string()).optional() }), status: 202, response: runSchema }),
  op("post", "/api/feeds/test", { tag: "Runs", summary: "Test run of a script that is not saved yet (429 beyond the concurrency limits)", role: "editor", query: wait, body: z.object({ connectionId: z.string().nullable().optional(), language: z.enum(["python", "javascript"]).optional(), script: z.string(), dependencies: z.array(z.string()).optional() }), status: 202, response: runSchema }),
  op("get", "/api/feeds/{id}/runs", { tag: "Runs", summary: "A feed's load runs, newest first", role: "viewer", query: runPageQuerySchema, response: runPageSchema }),
  op("post", "/api/feeds/{id}/runs", { tag: "Runs", summary: "Start a load run now (queued for the worker)", role: "editor", status: 202, response: runSchema }),
  op("get", "/api/feeds/{id}/state", { tag: "Feeds", summary: "The incremental state the next run starts from", role: "viewer", response: stateOut }),
  op("put", "/api/feeds/{id}/state", { tag: "Feeds", summary: "Replace the incremental state (audited)", role: "editor", body: z.object({ state: z.record(z.string(), z.unknown()) }), response: stateOut }),
  op("delete", "/api/feeds/{id}/state", { tag: "Feeds", summary: "Reset the state to {}: the next run fetches everything", role: "editor", response: stateOut }),
  op("post", "/api/feeds/{id}/webhook-secret", { tag: "Feeds", summary: "Rotate the webhook secret; the new one is in this response only", role: "editor", response: feedSchema }),
  op("post", "/api/hooks/feeds/{id}", { tag: "Runs", summary: "Webhook trigger: the X-Webhook-Secret header (or ?secret=) starts a load run", role: "public", query: z.object({ secret: z.string().optional() }), status: 202, response: runSchema }),
  op("get", "/api/runs/{id}", { tag: "Runs", summary: "A run: status, timings, counts, error, preview", role: "viewer", response: runSchema }),
  op("get", "/api/runs/{id}/logs", { tag: "Runs", summary: "A run's log lines, paged", role: "viewer", query: logQuerySchema, response: logPageSchema }),
  op("get", "/api/runs/{id}/events", { tag: "Runs", summary: "Server-Sent Events: log, status, done", role: "viewer", query: z.object({ after: z.number().optional() }), responseType: "text/event-stream" }),
  op("post", "/api/runs/{id}/cancel", { tag: "Runs", summary: "Cancel a queued or running run; nothing is committed", role: "editor", response: runSchema }),
  op("post", "/api/triggers/preview", { tag: "Feeds", summary: "Next five fire times of a trigger, or why it is invalid", role: "viewer", body: z.object({ trigger: z.record(z.string(), z.unknown()) }), response: triggerPreviewSchema }),

  pivot("get", "/api/v1/connections", { summary: "All Druid connections (header x-imply-api-token)", role: "viewer", response: z.array(pivotConnectionOutSchema) }),
  pivot("post", "/api/v1/connections", { summary: "Create or update a connection by name", role: "editor", body: pivotWriteSchema, response: z.object({ connection: pivotConnectionOutSchema }) }),
  pivot("get", "/api/v1/connections/{name}", { summary: "One connection by name; 404 {\"error\": \"Not found.\"}", role: "viewer", response: pivotConnectionOutSchema }),
  pivot("delete", "/api/v1/connections/{name}", { summary: "Delete a connection by name", role: "editor", response: z.object({}) }),

  dh("post", "/api/v1/database-connections", { summary: "Create a database connection: tested, tables discovered as NOT_SCANNED", role: "editor", body: databaseConnectionInputSchema, status: 201, response: dataheraldConnectionOutSchema }),
  dh("get", "/api/v1/database-connections", { summary: "List database connections", role: "viewer", response: z.array(dataheraldConnectionOutSchema) }),
  dh("get", "/api/v1/database-connections/{id}", { summary: "A database connection", role: "viewer", response: dataheraldConnectionOutSchema }),
  dh("put", "/api/v1/database-connections/{id}", { summary: "Update a database connection", role: "editor", body: databaseConnectionInputSchema, response: dataheraldConnectionOutSchema }),
  dh("get", "/api/v1/table-descriptions", { summary: "Table descriptions of a connection", role: "viewer", query: z.object({ db_connection_id: z.string().optional(), table_name: z.string().optional() }), response: z.array(dataheraldTableOutSchema) }),
  dh("get", "/api/v1/table-descriptions/{id}", { summary: "A table description", role: "viewer", response: dataheraldTableOutSchema }),
  dh("put", "/api/v1/table-descriptions/{id}", { summary: "Describe a table and its columns", role: "editor", body: tableDescriptionUpdateSchema, response: dataheraldTableOutSchema }),
  dh("post", "/api/v1/table-descriptions/sync-schemas", { summary: "Scan tables in the background", role: "editor", body: syncSchemasSchema, status: 201, response: z.array(dataheraldTableOutSchema) }),
  dh("post", "/api/v1/table-descriptions/refresh", { summary: "Add new tables, deprecate vanished ones", role: "editor", body: refreshSchema, status: 201, response: z.array(dataheraldTableOutSchema) }),

  zd("get", "/zoomdata/service/connection/types", { summary: "Connection types (legacy and EDC)", role: "admin", response: z.array(zoomdataTypeSchema) }),
  zd("get", "/zoomdata/service/connections", { summary: "List connections", role: "admin", response: z.array(zoomdataConnectionOutSchema) }),
  zd("post", "/zoomdata/service/connections", { summary: "Create a JDBC connection", role: "admin", body: zoomdataConnectionSchema, status: 201, response: zoomdataConnectionOutSchema }),
  zd("get", "/zoomdata/service/connections/{id}", { summary: "A connection", role: "admin", response: zoomdataConnectionOutSchema }),
  zd("put", "/zoomdata/service/connections/{id}", { summary: "Update a connection", role: "admin", body: zoomdataConnectionSchema, response: zoomdataConnectionOutSchema }),
  zd("delete", "/zoomdata/service/connections/{id}", { summary: "Delete a connection", role: "admin", status: 204 }),
  zd("get", "/zoomdata/service/connections/{id}/schema", { summary: "Schemas of the connection's database", role: "admin", response: z.array(z.string()) }),
  zd("get", "/zoomdata/service/connections/{id}/objects", { summary: "Tables of a schema", role: "admin", query: z.object({ schema: z.string().optional() }), response: z.array(z.object({ name: z.string(), schema: z.string(), type: z.string() })) }),
  op("post", "/api/users/{id}/unlock", { tag: "Users", summary: "Lift the sign-in lock of a user's account (every address)", role: "admin", status: 204 }),
];

export const ERROR_SCHEMAS: Record<Surface, z.ZodType> = {
  native: z.object({ error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional(), requestId: z.string().optional() }) }),
  pivot: pivotErrorSchema,
  dataherald: dataheraldErrorSchema,
  zoomdata: zoomdataErrorSchema,
};

export const VALIDATION_SCHEMAS: Partial<Record<Surface, z.ZodType>> = { dataherald: fastApiValidationSchema };
