import "server-only";
import { eq } from "drizzle-orm";
import { conflict } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { newConnectionId } from "@/lib/connections/ids";
import { findConnectionByName, readSecrets, sealSecrets } from "@/lib/connections/store";
import { getDb } from "@/lib/db/client";
import { connections, type Connection } from "@/lib/db/schema";
import { jdbcUrlPassword, parseJdbcUrl } from "@/lib/drivers/jdbc";
import { isMaskValue, redactUri } from "@/lib/secrets/redact";
import { requireSecretsAgainIfTargetChanged, type SecretTarget } from "@/lib/secrets/target-change";
import type { DatabaseConfig, DatabaseSecrets } from "./service";
import { requireDatabaseConnection } from "./service";

// Database connections described by a JDBC URL, user and password (Zoomdata's clients).

export type JdbcInput = {
  name: string;
  jdbcUrl: string;
  user: string | null;
  password: string | null;
  type: string;
  subStorageType: string | null;
  connectionTypeId: string | null;
};

/**
 * The plain config of a JDBC connection. The URL is stored only as its display form (password and
 * credential properties masked): the password itself goes to the encrypted secrets.
 */
export function jdbcConfigFor(input: Pick<JdbcInput, "jdbcUrl" | "user" | "type" | "subStorageType" | "connectionTypeId">): DatabaseConfig {
  const { kind, target } = parseJdbcUrl(input.jdbcUrl, input.user ?? undefined);
  const shown = redactUri(input.jdbcUrl.trim());
  return {
    source: "zoomdata",
    dialect: kind,
    uri: shown,
    host: target?.host,
    port: target?.port,
    database: target?.database,
    user: input.user ?? target?.user,
    schema: target?.schema,
    file: target?.file,
    use_ssh: false,
    zoomdata: { connectionTypeId: input.connectionTypeId, type: input.type, subStorageType: input.subStorageType, jdbcUrl: shown, userName: input.user },
  };
}

const targetOfConfig = (c: DatabaseConfig): SecretTarget => ({ kind: c.dialect, host: c.host ?? null, port: c.port ?? null, database: c.database ?? c.file ?? null });

/** The password a request gives: PASSWORD, else the one written in the URL; null or the mask keep the stored one. */
function incomingPassword(input: JdbcInput): { value: string | undefined; keep: boolean } {
  const inUrl = jdbcUrlPassword(input.jdbcUrl);
  if (input.password !== null && input.password !== "" && !isMaskValue(input.password)) return { value: input.password, keep: false };
  if (inUrl.password) return { value: inUrl.password, keep: false };
  return { value: undefined, keep: true };
}

export function createJdbcConnection(actor: Actor, input: JdbcInput): Connection {
  if (findConnectionByName(input.name)) throw conflict(`A connection named ${input.name} already exists`, { name: "This name is already taken" });
  const config = jdbcConfigFor(input);
  const secrets: DatabaseSecrets = { jdbc_password: incomingPassword(input).value };
  const row = getDb()
    .insert(connections)
    .values({ id: newConnectionId(), kind: "database", name: input.name, config, secrets: sealSecrets(secrets), createdBy: actor.label })
    .returning()
    .get();
  recordAudit(actor, { action: "connection.create", targetType: "connection", targetId: row.id, targetLabel: row.name, summary: { kind: "database", dialect: config.dialect, source: "zoomdata" } });
  return row;
}

export function updateJdbcConnection(actor: Actor, id: string, input: JdbcInput): Connection {
  const row = requireDatabaseConnection(id);
  const other = findConnectionByName(input.name);
  if (other && other.id !== id) throw conflict(`A connection named ${input.name} already exists`, { name: "This name is already taken" });
  const previous = readSecrets<DatabaseSecrets>(row);
  const config = jdbcConfigFor(input);
  // DESIGN §3: a kept password follows the connection only while it points at the same server.
  const { password } = requireSecretsAgainIfTargetChanged(targetOfConfig(row.config as DatabaseConfig), targetOfConfig(config), {
    password: { ...incomingPassword(input), stored: previous.jdbc_password, label: "password" },
  });
  const updated = getDb()
    .update(connections)
    .set({ name: input.name, config, secrets: sealSecrets({ ...previous, connection_uri: undefined, jdbc_password: password }), updatedAt: new Date(), updatedBy: actor.label })
    .where(eq(connections.id, id))
    .returning()
    .get();
  recordAudit(actor, { action: "connection.update", targetType: "connection", targetId: id, targetLabel: updated.name, summary: { kind: "database", source: "zoomdata" } });
  return updated;
}

export function deleteDatabaseConnection(actor: Actor, id: string): void {
  const row = requireDatabaseConnection(id);
  getDb().delete(connections).where(eq(connections.id, id)).run();
  recordAudit(actor, { action: "connection.delete", targetType: "connection", targetId: id, targetLabel: row.name, summary: { kind: "database" } });
}
