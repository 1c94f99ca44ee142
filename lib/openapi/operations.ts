import { z } from "zod";
import { namedPageQuerySchema } from "@/lib/api/paging";
import type { OperationSpec } from "./surface-module";
import { exportQuerySchema, importBodySchema, importResultSchema } from "@/lib/bundle/schemas";
import { auditPageSchema, auditQuerySchema } from "@/lib/audit/schemas";
import { COMPAT_SURFACES } from "@/lib/compat/surfaces";
import { druidConnectionSchema } from "@/lib/connections/druid-schemas";
import { connectionTestResultSchema, restConnectionInputSchema, restConnectionSchema } from "@/lib/connections/rest-schemas";
import { databaseConnectionOutSchema, databaseListQuerySchema, databaseListSchema, databaseTestResultSchema, tableDescriptionOutSchema } from "@/lib/databases/native-schemas";
import { databaseConnectionInputSchema, tableDescriptionUpdateSchema } from "@/lib/databases/schemas";
import { destinationColumnsSchema } from "@/lib/destinations/column-schemas";
import { affectedFeedsQuerySchema, affectedFeedsSchema, warehouseOutSchema, warehouseUpdateSchema } from "@/lib/destinations/warehouse-schemas";
import { credentialsSummarySchema, provisioningOverviewSchema, provisioningSettingsInputSchema, provisioningSettingsSchema, revealedPasswordSchema } from "@/lib/provisioning/schemas";
import { feedInputSchema, feedListQuerySchema, feedListSchema, feedSchema } from "@/lib/feeds/schemas";
import { logPageSchema, logQuerySchema, runPageQuerySchema, runPageSchema, runSchema, startedRunSchema } from "@/lib/runs/schemas";
import { networkRulesSchema, networkSettingsSchema, runSettingsSchema } from "@/lib/settings/network-schemas";
import { generalSettingsSchema } from "@/lib/settings/schemas";
import { createdTokenSchema, createTokenSchema, tokenListSchema, tokenSchema } from "@/lib/tokens/schemas";
import { triggerPreviewSchema } from "@/lib/triggers/schemas";
import { changeOwnPasswordSchema, createUserSchema, resetPasswordSchema, updateUserSchema, userListSchema, userSchema } from "@/lib/users/schemas";

// Every operation of every surface, with the zod schemas its handler uses: the native API's here,
// each compat surface's from its own module (lib/compat/<vendor>-surface.ts, listed in
// lib/compat/surfaces.ts). lib/openapi/document.ts turns this into OpenAPI 3.1; a test checks that
// every route handler in app/ is listed.

// "native", or the name of a compat surface module.
export type Surface = string;
export type Operation = OperationSpec & { surface: Surface };

const op = (method: Operation["method"], path: string, o: Omit<Operation, "method" | "path" | "surface">, surface: Surface = "native"): Operation => ({ method, path, surface, ...o });

const ok = z.object({ status: z.literal("ok") });
const druidOut = druidConnectionSchema.extend({ fixed: z.boolean().optional() }).describe("key, passphrase and sockPassword come back masked");
const dryRun = z.object({ dryRun: z.enum(["true", "false", "1", "0"]).optional().describe("Validate and test, answer what would be saved, write nothing") });
const wait = z.object({ wait: z.enum(["true", "false", "1", "0"]).optional() });
const stateOut = z.object({ state: z.record(z.string(), z.unknown()), destination: z.string().nullable() });
const me = z.object({ type: z.string(), userId: z.number().nullable(), label: z.string(), role: z.string() });
const tables = z.object({ tables: z.array(tableDescriptionOutSchema) });
const connectionSummary = z.object({ id: z.string(), kind: z.string(), name: z.string(), detail: z.string(), usedByFeeds: z.number(), lastTest: z.unknown(), createdAt: z.string() });
const page = { limit: z.string().optional().describe("1 to 500, default 50; anything else is a 400 naming limit"), cursor: z.string().optional().describe("The previous page's nextCursor, unchanged") };
const connectionListQuerySchema = z.object({ kind: z.enum(["rest", "druid", "database"]).optional(), q: z.string().optional(), ...page });
const connectionListSchema = z.object({ connections: z.array(connectionSummary), total: z.number(), nextCursor: z.string().nullable() });

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
  op("put", "/api/settings/warehouse", { tag: "Settings", summary: "Choose the warehouse (PostgreSQL and Redshift are tested first; 409 when it would break feeds, unless pauseAffected)", role: "admin", body: warehouseUpdateSchema, response: warehouseOutSchema }),
  op("get", "/api/settings/warehouse/affected-feeds", { tag: "Settings", summary: "The feeds a switch to this warehouse type would pause", role: "admin", query: affectedFeedsQuerySchema, response: affectedFeedsSchema }),
  op("get", "/api/settings/network", { tag: "Settings", summary: "Outbound rules: the saved ones, the environment's and what is always refused", role: "viewer", response: networkSettingsSchema }),
  op("put", "/api/settings/network", { tag: "Settings", summary: "Change the outbound allow and deny rules and the private-range switches", role: "admin", body: networkRulesSchema, response: networkSettingsSchema }),
  op("get", "/api/settings/runs", { tag: "Settings", summary: "How many test runs may execute at once", role: "viewer", response: runSettingsSchema }),
  op("put", "/api/settings/runs", { tag: "Settings", summary: "Change the test-run concurrency limits (per person and in all)", role: "admin", body: runSettingsSchema, response: runSettingsSchema }),

  op("get", "/api/connections", { tag: "Connections", summary: "Connections of every kind, sorted by name, one page at a time: limit (1-500, default 50) and the previous page's nextCursor; total counts every match", role: "viewer", query: connectionListQuerySchema, response: connectionListSchema }),
  op("post", "/api/connections", { query: dryRun, tag: "Connections", summary: "Create a REST connection: none, basic, custom, bearer, apiKey, oauth2 or sessionToken auth; a secret field may hold an admin-set reference ($__env{NAME}, $__file{/path})", role: "editor", body: restConnectionInputSchema, status: 201, response: restConnectionSchema }),
  op("get", "/api/connections/{id}", { tag: "Connections", summary: "A REST connection, secrets masked", role: "viewer", response: restConnectionSchema }),
  op("patch", "/api/connections/{id}", { query: dryRun, tag: "Connections", summary: "Change a REST connection; the mask keeps a stored secret", role: "editor", body: restConnectionInputSchema, response: restConnectionSchema }),
  op("delete", "/api/connections/{id}", { tag: "Connections", summary: "Delete a connection (409 while feeds use it)", role: "editor", status: 204 }),
  op("post", "/api/connections/{id}/test", { tag: "Connections", summary: "Test a saved connection of any kind", role: "editor", response: connectionTestResultSchema }),
  op("post", "/api/connections/test", { tag: "Connections", summary: "Test a REST connection before saving it", role: "editor", body: restConnectionInputSchema, query: z.object({ id: z.string().optional() }), response: connectionTestResultSchema }),
  op("get", "/api/druid-connections", { tag: "Connections", summary: "Druid connections, sorted by name, one page at a time: limit (1-500, default 50), the previous page's nextCursor and q (name contains); total counts every match", role: "viewer", query: namedPageQuerySchema, response: z.object({ connections: z.array(druidOut), total: z.number(), nextCursor: z.string().nullable() }) }),
  op("post", "/api/druid-connections", { query: dryRun, tag: "Connections", summary: "Create a Druid connection", role: "editor", body: druidConnectionSchema, status: 201, response: druidOut }),
  op("get", "/api/druid-connections/{id}", { tag: "Connections", summary: "A Druid connection, secrets masked", role: "viewer", response: druidOut }),
  op("put", "/api/druid-connections/{id}", { query: dryRun, tag: "Connections", summary: "Change a Druid connection", role: "editor", body: druidConnectionSchema, response: druidOut }),
  op("delete", "/api/druid-connections/{id}", { tag: "Connections", summary: "Delete a Druid connection", role: "editor", status: 204 }),

  op("get", "/api/databases", { tag: "Databases", summary: "Database connections, sorted by name, one page at a time: limit (1-500, default 50) and the previous page's nextCursor; total counts every match", role: "viewer", query: databaseListQuerySchema, response: databaseListSchema }),
  op("post", "/api/databases", { query: dryRun, tag: "Databases", summary: "Create a database connection; it is tested first and never saved if the test fails", role: "editor", body: databaseConnectionInputSchema, status: 201, response: databaseConnectionOutSchema }),
  op("post", "/api/databases/test", { tag: "Databases", summary: "Test a database connection without saving it", role: "editor", body: databaseConnectionInputSchema, response: databaseTestResultSchema }),
  op("get", "/api/databases/{id}", { tag: "Databases", summary: "A database connection", role: "viewer", response: databaseConnectionOutSchema }),
  op("put", "/api/databases/{id}", { query: dryRun, tag: "Databases", summary: "Change a database connection (tested again)", role: "editor", body: databaseConnectionInputSchema, response: databaseConnectionOutSchema }),
  op("delete", "/api/databases/{id}", { tag: "Databases", summary: "Delete a database connection and its table descriptions", role: "editor", status: 204 }),
  op("post", "/api/databases/{id}/test", { tag: "Databases", summary: "Test a saved database connection", role: "editor", response: databaseTestResultSchema }),
  op("get", "/api/databases/{id}/tables", { tag: "Databases", summary: "The connection's table descriptions", role: "viewer", response: tables }),
  op("post", "/api/databases/{id}/tables/scan", { tag: "Databases", summary: "Scan tables in the background (SYNCHRONIZING, then SCANNED or FAILED)", role: "editor", body: z.object({ tableNames: z.array(z.string()).optional() }), status: 202, response: tables }),
  op("post", "/api/databases/{id}/tables/refresh", { tag: "Databases", summary: "Add new tables (NOT_SCANNED) and mark vanished ones DEPRECATED", role: "editor", response: tables }),
  op("get", "/api/databases/tables/{tableId}", { tag: "Databases", summary: "A table description", role: "viewer", response: tableDescriptionOutSchema }),
  op("patch", "/api/databases/tables/{tableId}", { tag: "Databases", summary: "Describe a table and its columns", role: "editor", body: tableDescriptionUpdateSchema, response: tableDescriptionOutSchema }),

  op("get", "/api/export", { tag: "As code", summary: "The chosen connections and feeds as a YAML (or JSON) bundle, without secret values", role: "editor", query: exportQuerySchema, response: z.string() }),
  op("post", "/api/import", { tag: "As code", summary: "Import a bundle plus its secrets in one transaction (422 and nothing written if any object is invalid); dryRun shows the plan", role: "editor", query: dryRun, body: importBodySchema, response: importResultSchema }),
  op("get", "/api/feeds", { tag: "Feeds", summary: "Feeds without their scripts, filtered by status, tag, connection or name (q), sorted by name, one page at a time: limit (1-500, default 50) and the previous page's nextCursor; total counts every match, tags lists every tag", role: "viewer", query: feedListQuerySchema, response: feedListSchema }),
  op("post", "/api/feeds", { query: dryRun, tag: "Feeds", summary: "Create a feed (a draft may be partial)", role: "editor", body: feedInputSchema, status: 201, response: feedSchema }),
  op("get", "/api/feeds/{id}", { tag: "Feeds", summary: "A feed, with its next five run times", role: "viewer", response: feedSchema }),
  op("patch", "/api/feeds/{id}", { query: dryRun, tag: "Feeds", summary: "Change a feed; status active validates it in full, paused stops its schedule", role: "editor", body: feedInputSchema, response: feedSchema }),
  op("delete", "/api/feeds/{id}", { tag: "Feeds", summary: "Delete a feed (409 while a run is queued or running)", role: "editor", status: 204 }),
  op("post", "/api/feeds/{id}/test", { tag: "Runs", summary: "Test run: at most 10 preview records, nothing written (?wait=true blocks; 429 beyond the concurrency limits). A body with language, script or dependencies tests those edits instead of the saved ones, without saving them", role: "editor", query: wait, body: z.object({ language: z.enum(["python", "javascript"]).optional(), script: z.string().optional(), dependencies: z.array(z.string()).optional() }), status: 202, response: runSchema }),
  op("post", "/api/feeds/test", { tag: "Runs", summary: "Test run of a script that is not saved yet (429 beyond the concurrency limits)", role: "editor", query: wait, body: z.object({ connectionId: z.string().nullable().optional(), language: z.enum(["python", "javascript"]).optional(), script: z.string(), dependencies: z.array(z.string()).optional() }), status: 202, response: runSchema }),
  op("get", "/api/feeds/{id}/runs", { tag: "Runs", summary: "A feed's load runs, newest first", role: "viewer", query: runPageQuerySchema, response: runPageSchema }),
  op("post", "/api/feeds/{id}/runs", { tag: "Runs", summary: "Start a load run now (queued for the worker; joins the run already queued, if any)", role: "editor", status: 202, response: startedRunSchema }),
  op("get", "/api/feeds/{id}/state", { tag: "Feeds", summary: "The incremental state the next run starts from", role: "viewer", response: stateOut }),
  op("put", "/api/feeds/{id}/state", { tag: "Feeds", summary: "Replace the incremental state (audited)", role: "editor", body: z.object({ state: z.record(z.string(), z.unknown()) }), response: stateOut }),
  op("delete", "/api/feeds/{id}/state", { tag: "Feeds", summary: "Reset the state to {}: the next run fetches everything", role: "editor", response: stateOut }),
  op("get", "/api/feeds/{id}/columns", { tag: "Feeds", summary: "The columns and types of the feed's table in each destination", role: "viewer", response: destinationColumnsSchema }),
  op("post", "/api/feeds/{id}/webhook-secret", { tag: "Feeds", summary: "Rotate the webhook secret; the new one is in this response only", role: "editor", response: feedSchema }),
  op("post", "/api/hooks/feeds/{id}", { tag: "Runs", summary: "Webhook trigger: the X-Webhook-Secret header (or ?secret=) starts a load run (or joins the one already queued)", role: "public", query: z.object({ secret: z.string().optional() }), status: 202, response: startedRunSchema }),
  op("get", "/api/runs/{id}", { tag: "Runs", summary: "A run: status, timings, counts, error, preview", role: "viewer", response: runSchema }),
  op("get", "/api/runs/{id}/logs", { tag: "Runs", summary: "A run's log lines, paged", role: "viewer", query: logQuerySchema, response: logPageSchema }),
  op("get", "/api/runs/{id}/events", { tag: "Runs", summary: "Server-Sent Events: log, status, done", role: "viewer", query: z.object({ after: z.number().optional() }), responseType: "text/event-stream" }),
  op("post", "/api/runs/{id}/cancel", { tag: "Runs", summary: "Cancel a queued or running run: what it has not committed yet is rolled back (see destinations for what was)", role: "editor", response: runSchema }),
  op("post", "/api/triggers/preview", { tag: "Feeds", summary: "Next five fire times of a trigger, or why it is invalid", role: "viewer", body: z.object({ trigger: z.record(z.string(), z.unknown()) }), response: triggerPreviewSchema }),



  op("get", "/api/provisioning", { tag: "Provisioning", summary: "Backends and their status, and the provisioned credentials you may see (admins: everyone's)", role: "editor", response: provisioningOverviewSchema }),
  op("get", "/api/provisioning/credentials/{id}", { tag: "Provisioning", summary: "Provisioned credentials, without the password", role: "editor", response: credentialsSummarySchema }),
  op("delete", "/api/provisioning/credentials/{id}", { tag: "Provisioning", summary: "Drop the sandbox: login, sessions and database or schema (audited)", role: "editor", status: 204 }),
  op("post", "/api/provisioning/credentials/{id}/password", { tag: "Provisioning", summary: "Reveal the sandbox password (audited)", role: "editor", response: revealedPasswordSchema }),
  op("post", "/api/provisioning/credentials/{id}/extend", { tag: "Provisioning", summary: "Reset the validity period", role: "editor", response: credentialsSummarySchema }),
  op("post", "/api/provisioning/credentials/{id}/kill", { tag: "Provisioning", summary: "End every session of the sandbox login", role: "editor", response: z.object({ killed: z.number() }) }),
  op("get", "/api/settings/provisioning", { tag: "Settings", summary: "Provisioning backends: saved settings (passwords masked) and status", role: "admin", response: provisioningSettingsSchema }),
  op("put", "/api/settings/provisioning", { tag: "Settings", summary: "Change the provisioning backends' administrative connections; a masked value keeps the stored one", role: "admin", body: provisioningSettingsInputSchema, response: provisioningSettingsSchema }),
  op("post", "/api/users/{id}/unlock", { tag: "Users", summary: "Lift the sign-in lock of a user's account (every address)", role: "admin", status: 204 }),
  ...COMPAT_SURFACES.flatMap((s) => s.operations.map((o): Operation => ({ ...o, surface: s.surface }))),
];

export const ERROR_SCHEMAS: Record<Surface, z.ZodType> = {
  native: z.object({ error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional(), requestId: z.string().optional() }) }),
  ...Object.fromEntries(COMPAT_SURFACES.map((s) => [s.surface, s.errorSchema])),
};
