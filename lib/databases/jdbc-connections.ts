import "server-only";
import { eq } from "drizzle-orm";
import { conflict } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { newConnectionId } from "@/lib/connections/ids";
import { findConnectionByName, readSecrets, sealSecrets } from "@/lib/connections/store";
import { getDb } from "@/lib/db/client";
import { connections, type Connection } from "@/lib/db/schema";
import { parseJdbcUrl } from "@/lib/drivers/jdbc";
import { SECRET_MASK } from "@/lib/connections/rest-schemas";
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

function configFor(input: JdbcInput): DatabaseConfig {
  const { kind, target } = parseJdbcUrl(input.jdbcUrl, input.user ?? undefined);
  return {
    source: "zoomdata",
    dialect: kind,
    uri: input.jdbcUrl.replace(/(password=)[^&;]+/gi, "$1••••"),
    host: target?.host,
    port: target?.port,
    database: target?.database,
    user: input.user ?? target?.user,
    schema: target?.schema,
    file: target?.file,
    use_ssh: false,
    zoomdata: { connectionTypeId: input.connectionTypeId, type: input.type, subStorageType: input.subStorageType, jdbcUrl: input.jdbcUrl.replace(/(password=)[^&;]+/gi, "$1••••"), userName: input.user },
  };
}

export function createJdbcConnection(actor: Actor, input: JdbcInput): Connection {
  if (findConnectionByName(input.name)) throw conflict(`A connection named ${input.name} already exists`, { name: "This name is already taken" });
  const config = configFor(input);
  const secrets: DatabaseSecrets = { jdbc_password: input.password ?? undefined };
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
  const password = input.password === SECRET_MASK || input.password === null ? previous.jdbc_password : input.password;
  const updated = getDb()
    .update(connections)
    .set({ name: input.name, config: configFor(input), secrets: sealSecrets({ ...previous, connection_uri: undefined, jdbc_password: password }), updatedAt: new Date(), updatedBy: actor.label })
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
