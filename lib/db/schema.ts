import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { ConnectionConfig, ConnectionConfigs, RunNotification, RunSnapshot, StoredTableColumn, Trigger, Watcher } from "./json-columns";
import { CONNECTION_KINDS, FEED_STATUSES, JOB_STATUSES, LANGUAGES, LOAD_TYPES, ROLES, RUN_STATUSES, TABLE_DESCRIPTION_STATUSES } from "./enums";

export * from "./enums";

// Source of truth for the console database. Change it, then `npm run db:generate`.

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    name: text("name"),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
    passwordChangedAt: integer("password_changed_at", { mode: "timestamp_ms" }),
    // Every session cookie carries the generation it was issued under; bumping it signs the user out everywhere.
    sessionGeneration: integer("session_generation").notNull().default(0),
  },
  (t) => [uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`)],
);

// Session ids (from the JWT) signed out before their cookie expired: a replayed cookie stays dead.
// Rows are pruned once no cookie carrying them can still be valid.
export const revokedSessions = sqliteTable(
  "revoked_sessions",
  {
    sessionId: text("session_id").primaryKey(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expiresAt)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    // What the owner sees in lists ("sy_AbCd…"); the token itself is only stored as a hash.
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    createdBy: integer("created_by"),
  },
  (t) => [uniqueIndex("api_tokens_hash_unique").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: createdAt(),
    actorType: text("actor_type", { enum: ["user", "token", "system", "anonymous"] }).notNull(),
    actorId: integer("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    targetLabel: text("target_label"),
    ip: text("ip"),
    summary: text("summary"),
    requestId: text("request_id"),
  },
  (t) => [
    index("audit_events_at_idx").on(t.at),
    index("audit_events_action_target_idx").on(t.action, t.targetLabel, t.at),
  ],
);

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  // Ciphertext (lib/secrets) of the setting's secret parts, e.g. a warehouse password.
  secrets: text("secrets"),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  updatedBy: text("updated_by"),
});

export const connections = sqliteTable(
  "connections",
  {
    // 24 hex characters, the shape Dataherald clients expect of an id.
    id: text("id").primaryKey(),
    kind: text("kind", { enum: CONNECTION_KINDS }).notNull(),
    name: text("name").notNull(),
    config: text("config", { mode: "json" }).notNull().$type<ConnectionConfig>(),
    // AES-256-GCM ciphertext of a JSON object (lib/secrets); null when the connection has no secrets.
    secrets: text("secrets"),
    // The provisioning file (PROVISIONING_DIR) that declares this connection; the API and console
    // then refuse changes to it. Null for connections made by hand or by import.
    provisionedFrom: text("provisioned_from"),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("connections_name_lower_unique").on(sql`lower(${t.name})`), index("connections_kind_idx").on(t.kind)],
);

export const feeds = sqliteTable(
  "feeds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Null while a draft has not reached the Import Configuration step.
    name: text("name"),
    connectionId: text("connection_id").references(() => connections.id, { onDelete: "restrict" }),
    language: text("language", { enum: LANGUAGES }).notNull().default("python"),
    script: text("script").notNull().default(""),
    dependencies: text("dependencies", { mode: "json" }).notNull().$type<string[]>().default(sql`'[]'`),
    loadType: text("load_type", { enum: LOAD_TYPES }).notNull().default("incremental"),
    destinations: text("destinations", { mode: "json" }).notNull().$type<string[]>().default(sql`'[]'`),
    trigger: text("trigger", { mode: "json" }).notNull().$type<Trigger>().default(sql`'{"type":"none"}'`),
    watchers: text("watchers", { mode: "json" }).notNull().$type<Watcher[]>().default(sql`'[]'`),
    tags: text("tags", { mode: "json" }).notNull().$type<string[]>().default(sql`'[]'`),
    status: text("status", { enum: FEED_STATUSES }).notNull().default("draft"),
    // Why Switchyard paused the feed (a warehouse switch left its destination behind); null when a
    // person paused it, cleared on resume.
    pausedReason: text("paused_reason"),
    // The wizard step a draft was last saved at, so a reload resumes there.
    wizardStep: text("wizard_step"),
    // SHA-256 of the script text that last passed a test run (the wizard's NEXT needs it).
    testedScriptHash: text("tested_script_hash"),
    webhookSecretHash: text("webhook_secret_hash"),
    // The provisioning file that declares this feed (see connections.provisionedFrom).
    provisionedFrom: text("provisioned_from"),
    nextRunAt: integer("next_run_at", { mode: "timestamp_ms" }),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("feeds_name_lower_unique").on(sql`lower(${t.name})`),
    index("feeds_connection_idx").on(t.connectionId),
    index("feeds_next_run_idx").on(t.status, t.nextRunAt),
  ],
);

/** One destination of a load run: committed (its rows and state are in), rolled back, failed, or skipped (never opened). */
export type DestinationOutcome = {
  type: string;
  status: "committed" | "rolled_back" | "failed" | "skipped";
  // Records committed to it by this run (0 unless committed).
  records: number;
  error: string | null;
};

export const runs = sqliteTable(
  "runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Null for a test run of a feed that is not saved yet.
    feedId: integer("feed_id").references(() => feeds.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["test", "load"] }).notNull(),
    trigger: text("trigger", { enum: ["manual", "schedule", "webhook", "once", "api", "retry"] }).notNull(),
    status: text("status", { enum: RUN_STATUSES }).notNull().default("queued"),
    attempt: integer("attempt").notNull().default(1),
    retryOf: integer("retry_of"),
    jobId: integer("job_id"),
    queuedAt: createdAt(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    // Records the script wrote (test and load runs); a load run that does not commit loads none of them.
    records: integer("records").notNull().default(0),
    // Records committed to at least one destination (load runs; 0 for tests and runs that loaded nothing).
    recordsLoaded: integer("records_loaded").notNull().default(0),
    bytes: integer("bytes").notNull().default(0),
    error: text("error"),
    errorKind: text("error_kind"),
    preview: text("preview", { mode: "json" }).$type<Record<string, unknown>[]>(),
    columns: text("columns", { mode: "json" }).$type<string[]>(),
    // The feed as it was run (script, language, dependencies, destinations, load type).
    snapshot: text("snapshot", { mode: "json" }).$type<RunSnapshot>(),
    notifications: text("notifications", { mode: "json" }).$type<RunNotification[]>(),
    cancelRequested: integer("cancel_requested", { mode: "boolean" }).notNull().default(false),
    createdBy: text("created_by"),
    // What became of each destination of a load run, in order (lib/runs/execute.ts).
    destinations: text("destinations", { mode: "json" }).$type<DestinationOutcome[]>(),
    // Renewed every second by the process executing the run; a run whose heartbeat stops is orphaned
    // (lib/runs/service.ts reapOrphanedTestRuns, cancelRun).
    heartbeatAt: integer("heartbeat_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("runs_feed_idx").on(t.feedId, t.id), index("runs_status_idx").on(t.status)],
);

export const runLogs = sqliteTable(
  "run_logs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    stream: text("stream", { enum: ["stdout", "stderr", "system"] }).notNull(),
    line: text("line").notNull(),
  },
  (t) => [uniqueIndex("run_logs_run_seq_unique").on(t.runId, t.seq)],
);

export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    type: text("type").notNull(),
    payload: text("payload", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    runAt: integer("run_at", { mode: "timestamp_ms" }).notNull(),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    leasedBy: text("leased_by"),
    heartbeatAt: integer("heartbeat_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    result: text("result", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("jobs_claim_idx").on(t.status, t.runAt), index("jobs_lease_idx").on(t.status, t.leaseUntil)],
);

// Dataherald's table descriptions: one per table of a database connection.
export const tableDescriptions = sqliteTable(
  "table_descriptions",
  {
    // 24 hex characters, like connection ids.
    id: text("id").primaryKey(),
    connectionId: text("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    schemaName: text("schema_name").notNull().default(""),
    tableName: text("table_name").notNull(),
    status: text("status", { enum: TABLE_DESCRIPTION_STATUSES }).notNull().default("NOT_SCANNED"),
    description: text("description"),
    columns: text("columns", { mode: "json" }).notNull().$type<StoredTableColumn[]>().default(sql`'[]'`),
    examples: text("examples", { mode: "json" }).notNull().$type<Record<string, unknown>[]>().default(sql`'[]'`),
    rowCount: integer("row_count"),
    tableSchema: text("table_schema"),
    errorMessage: text("error_message"),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>(),
    lastScannedAt: integer("last_scanned_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("table_descriptions_table_unique").on(t.connectionId, t.schemaName, t.tableName)],
);

export type User = typeof users.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
/** A connections row as the store returns it; read it as a Connection (lib/connections/store.ts asConnection). */
export type ConnectionRow = typeof connections.$inferSelect;
/** A connection, its config typed by its kind: `if (row.kind === "rest") row.config.authType`. */
export type Connection = { [K in keyof ConnectionConfigs]: Omit<ConnectionRow, "kind" | "config"> & { kind: K; config: ConnectionConfigs[K] } }[keyof ConnectionConfigs];
export type ConnectionOf<K extends Connection["kind"]> = Extract<Connection, { kind: K }>;
export type Feed = typeof feeds.$inferSelect;
export type Run = typeof runs.$inferSelect;
export type Job = typeof jobs.$inferSelect;
export type TableDescription = typeof tableDescriptions.$inferSelect;

// Keboola-style provisioned credentials (lib/provisioning): a database and a login on a backend's
// server, one per owner, backend and type (the unique index is what makes get-or-create safe).
export const provisionedCredentials = sqliteTable(
  "provisioned_credentials",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // PROVISIONING_BACKENDS (lib/provisioning/backends.ts; a test keeps the two equal).
    backend: text("backend", { enum: ["mysql", "redshift-workspace", "snowflake", "docker"] }).notNull(),
    type: text("type").notNull(),
    // The user the token or session belonged to; no foreign key: the sandbox outlives a deleted
    // user until the expiry job drops it from the backend's server.
    ownerId: integer("owner_id").notNull(),
    ownerLabel: text("owner_label").notNull(),
    // "creating" while the backend's server is being set up; only "ready" rows are served.
    state: text("state", { enum: ["creating", "ready"] }).notNull().default("creating"),
    hostname: text("hostname").notNull(),
    port: integer("port"),
    db: text("db").notNull(),
    schema: text("schema"),
    user: text("user").notNull(),
    warehouse: text("warehouse"),
    // AES-256-GCM ciphertext (lib/secrets) of the sandbox login's password.
    password: text("password").notNull(),
    touchedAt: integer("touched_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
    runId: text("run_id"),
  },
  (t) => [uniqueIndex("provisioned_credentials_owner_unique").on(t.ownerId, t.backend, t.type), index("provisioned_credentials_touch_idx").on(t.touchedAt)],
);

export type ProvisionedCredentials = typeof provisionedCredentials.$inferSelect;
