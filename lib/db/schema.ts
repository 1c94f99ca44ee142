import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Source of truth for the console database. Change it, then `npm run db:generate`.

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

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
  },
  (t) => [uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`)],
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
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  updatedBy: text("updated_by"),
});

export const CONNECTION_KINDS = ["rest", "druid", "database"] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

export const connections = sqliteTable(
  "connections",
  {
    // 24 hex characters, the shape Dataherald clients expect of an id.
    id: text("id").primaryKey(),
    kind: text("kind", { enum: CONNECTION_KINDS }).notNull(),
    name: text("name").notNull(),
    config: text("config", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    // AES-256-GCM ciphertext of a JSON object (lib/secrets); null when the connection has no secrets.
    secrets: text("secrets"),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("connections_name_lower_unique").on(sql`lower(${t.name})`), index("connections_kind_idx").on(t.kind)],
);

export type User = typeof users.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type Connection = typeof connections.$inferSelect;
