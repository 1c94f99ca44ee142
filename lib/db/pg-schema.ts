import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { ConnectionConfig, RunNotification, RunSnapshot, StoredTableColumn, Trigger, Watcher } from "./json-columns";
import { CONNECTION_KINDS, FEED_STATUSES, JOB_STATUSES, LANGUAGES, LOAD_TYPES, ROLES, RUN_STATUSES, TABLE_DESCRIPTION_STATUSES } from "./enums";
import type { DestinationOutcome } from "./schema";

// The PostgreSQL store (DATABASE_URL=postgres://...): the same tables, columns, keys and indexes as
// lib/db/schema.ts, the SQLite source of truth. lib/db/schema-parity.test.ts fails, naming the table
// and column, when the two drift apart; change both, then
// `npx drizzle-kit generate --config drizzle.pg.config.ts` (migrations in drizzle/pg/).
//
// Every column reads the same to the app as its SQLite twin (same JS key, same TypeScript type; the
// parity test also compares $inferSelect and $inferInsert), so a service can later run one query
// against either table object:
//
// | SQLite (sqlite-core)                  | PostgreSQL (pg-core)                  | why                                        |
// |---------------------------------------|---------------------------------------|--------------------------------------------|
// | integer mode timestamp_ms (epoch ms)  | timestamptz(3), mode date             | both read as Date; ms precision, no        |
// |                                       |                                       | rounding; date maths and now() in SQL      |
// | integer mode boolean (0/1)            | boolean                               | both read as boolean                       |
// | text mode json                        | jsonb                                 | both read as the parsed value; jsonb can   |
// |                                       |                                       | be compared, indexed and queried (->>),    |
// |                                       |                                       | as the job claim's json_extract needs      |
// | text enum                             | text enum (no pgEnum)                 | neither dialect enforces the list; adding  |
// |                                       |                                       | a value needs no migration in either       |
// | integer primary key autoincrement     | integer/bigint identity (by default)  | explicit ids are accepted (db copy), the   |
// |                                       |                                       | sequence is reset after a copy             |
// | integer                               | integer, or bigint mode number where  | SQLite integers are 64-bit: ids and        |
// |                                       | a value may pass 2^31                 | counters of high-volume tables (runs, logs,|
// |                                       |                                       | jobs, audit, bytes, row counts) get bigint |
// | uniqueIndex on lower(col)             | the same expression index             | case-insensitive unique names and emails   |
//
// What does NOT read the same, and a service layer on PostgreSQL has to mind:
// - jsonb keeps neither the key order of objects nor duplicate keys; ordered things are arrays
//   (a run's `columns`, a table description's `columns`), which it keeps.
// - PostgreSQL text and jsonb cannot hold U+0000; SQLite can (db copy replaces it and says so).
// - lower() folds every Unicode letter on PostgreSQL, only ASCII on SQLite: names differing only
//   in the case of a non-ASCII letter are one name here (db copy fails on the unique index then).
// - raw `pg` queries return bigint as a string; drizzle's mode number turns it into a number.

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: "date" });

const createdAt = () => ts("created_at").notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    email: text("email").notNull(),
    name: text("name"),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
    passwordChangedAt: ts("password_changed_at"),
    sessionGeneration: integer("session_generation").notNull().default(0),
  },
  (t) => [uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`)],
);

export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    sessionId: text("session_id").primaryKey(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expiresAt)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: ts("expires_at"),
    lastUsedAt: ts("last_used_at"),
    revokedAt: ts("revoked_at"),
    createdAt: createdAt(),
    createdBy: integer("created_by"),
  },
  (t) => [uniqueIndex("api_tokens_hash_unique").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    // Named created_at in SQLite too (its createdAt() helper), read as `at`.
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

export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  secrets: text("secrets"),
  updatedAt: ts("updated_at"),
  updatedBy: text("updated_by"),
});

export const connections = pgTable(
  "connections",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: CONNECTION_KINDS }).notNull(),
    name: text("name").notNull(),
    config: jsonb("config").notNull().$type<ConnectionConfig>(),
    // Ciphertext as in SQLite: db copy moves it unchanged, so the target needs the same key.
    secrets: text("secrets"),
    provisionedFrom: text("provisioned_from"),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
  },
  (t) => [uniqueIndex("connections_name_lower_unique").on(sql`lower(${t.name})`), index("connections_kind_idx").on(t.kind)],
);

export const feeds = pgTable(
  "feeds",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    name: text("name"),
    connectionId: text("connection_id").references(() => connections.id, { onDelete: "restrict" }),
    language: text("language", { enum: LANGUAGES }).notNull().default("python"),
    script: text("script").notNull().default(""),
    dependencies: jsonb("dependencies").notNull().$type<string[]>().default([]),
    loadType: text("load_type", { enum: LOAD_TYPES }).notNull().default("incremental"),
    destinations: jsonb("destinations").notNull().$type<string[]>().default([]),
    trigger: jsonb("trigger").notNull().$type<Trigger>().default({ type: "none" }),
    watchers: jsonb("watchers").notNull().$type<Watcher[]>().default([]),
    tags: jsonb("tags").notNull().$type<string[]>().default([]),
    status: text("status", { enum: FEED_STATUSES }).notNull().default("draft"),
    pausedReason: text("paused_reason"),
    wizardStep: text("wizard_step"),
    testedScriptHash: text("tested_script_hash"),
    webhookSecretHash: text("webhook_secret_hash"),
    provisionedFrom: text("provisioned_from"),
    nextRunAt: ts("next_run_at"),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
  },
  (t) => [
    // Drafts without a name are many: PostgreSQL, like SQLite, treats NULLs as distinct here.
    uniqueIndex("feeds_name_lower_unique").on(sql`lower(${t.name})`),
    index("feeds_connection_idx").on(t.connectionId),
    index("feeds_next_run_idx").on(t.status, t.nextRunAt),
  ],
);

export const runs = pgTable(
  "runs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    feedId: integer("feed_id").references(() => feeds.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["test", "load"] }).notNull(),
    trigger: text("trigger", { enum: ["manual", "schedule", "webhook", "once", "api", "retry"] }).notNull(),
    status: text("status", { enum: RUN_STATUSES }).notNull().default("queued"),
    attempt: integer("attempt").notNull().default(1),
    retryOf: bigint("retry_of", { mode: "number" }),
    jobId: bigint("job_id", { mode: "number" }),
    // Named created_at in SQLite too, read as `queuedAt`.
    queuedAt: createdAt(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    records: bigint("records", { mode: "number" }).notNull().default(0),
    recordsLoaded: bigint("records_loaded", { mode: "number" }).notNull().default(0),
    bytes: bigint("bytes", { mode: "number" }).notNull().default(0),
    error: text("error"),
    errorKind: text("error_kind"),
    preview: jsonb("preview").$type<Record<string, unknown>[]>(),
    columns: jsonb("columns").$type<string[]>(),
    snapshot: jsonb("snapshot").$type<RunSnapshot>(),
    notifications: jsonb("notifications").$type<RunNotification[]>(),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    createdBy: text("created_by"),
    destinations: jsonb("destinations").$type<DestinationOutcome[]>(),
    heartbeatAt: ts("heartbeat_at"),
  },
  (t) => [index("runs_feed_idx").on(t.feedId, t.id), index("runs_status_idx").on(t.status)],
);

export const runLogs = pgTable(
  "run_logs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    runId: bigint("run_id", { mode: "number" })
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    at: ts("at").notNull(),
    stream: text("stream", { enum: ["stdout", "stderr", "system"] }).notNull(),
    line: text("line").notNull(),
  },
  (t) => [uniqueIndex("run_logs_run_seq_unique").on(t.runId, t.seq)],
);

export const jobs = pgTable(
  "jobs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    type: text("type").notNull(),
    payload: jsonb("payload").notNull().$type<Record<string, unknown>>(),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    runAt: ts("run_at").notNull(),
    leaseUntil: ts("lease_until"),
    leasedBy: text("leased_by"),
    heartbeatAt: ts("heartbeat_at"),
    lastError: text("last_error"),
    result: jsonb("result").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
  },
  (t) => [index("jobs_claim_idx").on(t.status, t.runAt), index("jobs_lease_idx").on(t.status, t.leaseUntil)],
);

export const tableDescriptions = pgTable(
  "table_descriptions",
  {
    id: text("id").primaryKey(),
    connectionId: text("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    schemaName: text("schema_name").notNull().default(""),
    tableName: text("table_name").notNull(),
    status: text("status", { enum: TABLE_DESCRIPTION_STATUSES }).notNull().default("NOT_SCANNED"),
    description: text("description"),
    columns: jsonb("columns").notNull().$type<StoredTableColumn[]>().default([]),
    examples: jsonb("examples").notNull().$type<Record<string, unknown>[]>().default([]),
    rowCount: bigint("row_count", { mode: "number" }),
    tableSchema: text("table_schema"),
    errorMessage: text("error_message"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    lastScannedAt: ts("last_scanned_at"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
  },
  (t) => [uniqueIndex("table_descriptions_table_unique").on(t.connectionId, t.schemaName, t.tableName)],
);

export const provisionedCredentials = pgTable(
  "provisioned_credentials",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    backend: text("backend", { enum: ["mysql", "redshift-workspace", "snowflake", "docker"] }).notNull(),
    type: text("type").notNull(),
    ownerId: integer("owner_id").notNull(),
    ownerLabel: text("owner_label").notNull(),
    state: text("state", { enum: ["creating", "ready"] }).notNull().default("creating"),
    hostname: text("hostname").notNull(),
    port: integer("port"),
    db: text("db").notNull(),
    schema: text("schema"),
    user: text("user").notNull(),
    warehouse: text("warehouse"),
    password: text("password").notNull(),
    touchedAt: ts("touched_at").notNull(),
    createdAt: createdAt(),
    runId: text("run_id"),
  },
  (t) => [uniqueIndex("provisioned_credentials_owner_unique").on(t.ownerId, t.backend, t.type), index("provisioned_credentials_touch_idx").on(t.touchedAt)],
);
