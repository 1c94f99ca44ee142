import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { newConnectionId } from "@/lib/connections/ids";
import { findConnection, findConnectionByName, readSecrets, sealSecrets } from "@/lib/connections/store";
import { getDb } from "@/lib/db/client";
import { connections, tableDescriptions, type Connection } from "@/lib/db/schema";
import { openSession } from "@/lib/drivers/session";
import { AVAILABLE_DIALECTS, DriverError, type DbSession, type DbTarget, type SshSettings, type TableRef } from "@/lib/drivers/types";
import { parseConnectionUri, redactUri, UriError } from "@/lib/drivers/uri";
import { isMaskValue, redactText, uriPassword, withPassword } from "@/lib/secrets/redact";
import { requireSecretsAgainIfTargetChanged } from "@/lib/secrets/target-change";
import { DatabaseError } from "./errors";
import type { DatabaseConnectionInput } from "./schemas";

export type DatabaseConfig = {
  source: "dataherald" | "zoomdata" | "console";
  dialect: string;
  uri: string; // redacted, for display
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  schema?: string;
  file?: string;
  use_ssh: boolean;
  ssh?: { host: string; port: number; username: string } | null;
  path_to_credentials_file?: string | null;
  metadata?: Record<string, unknown> | null;
  schemas?: string[] | null;
  file_storage?: { name: string; region?: string | null; bucket?: string | null } | null;
  zoomdata?: { connectionTypeId: string | null; type: string; subStorageType: string | null; jdbcUrl: string; userName: string | null };
  lastTest?: { ok: boolean; code: string | null; message: string; at: string } | null;
};

export type DatabaseSecrets = {
  connection_uri?: string;
  llm_api_key?: string;
  ssh_password?: string;
  ssh_private_key?: string;
  ssh_private_key_password?: string;
  file_storage_access_key_id?: string;
  file_storage_secret_access_key?: string;
  jdbc_password?: string;
};

export const idError = (id: string) =>
  new DatabaseError("invalid_object_id", `${id} is not a valid id`, "Database connection ids are 24 hexadecimal characters");

export function requireDatabaseConnection(id: string): Connection {
  if (!/^[0-9a-f]{24}$/.test(id)) throw idError(id);
  const row = findConnection(id);
  if (!row || row.kind !== "database") {
    throw new DatabaseError("database_connection_not_found", `Database connection ${id} not found`, "No database connection has this id");
  }
  return row;
}

export function listDatabaseConnections(): Connection[] {
  return getDb().select().from(connections).where(eq(connections.kind, "database")).orderBy(asc(connections.createdAt)).all();
}

/** Where a stored connection points, with its credentials and SSH settings. */
export function targetOf(row: Connection): { target: DbTarget | null; ssh: SshSettings | null } {
  const config = row.config as DatabaseConfig;
  const secrets = readSecrets<DatabaseSecrets>(row);
  let target: DbTarget | null = null;
  if (secrets.connection_uri) target = parseConnectionUri(secrets.connection_uri).target;
  else if (config.zoomdata) {
    target = config.dialect === "impala" ? null : { dialect: config.dialect as DbTarget["dialect"], host: config.host, port: config.port, database: config.database, user: config.zoomdata.userName ?? config.user, password: secrets.jdbc_password, schema: config.schema, file: config.file };
  }
  const ssh = config.use_ssh && config.ssh ? { ...config.ssh, password: secrets.ssh_password, privateKey: secrets.ssh_private_key, privateKeyPassword: secrets.ssh_private_key_password } : null;
  return { target, ssh };
}

function parseUri(uri: string) {
  try {
    return parseConnectionUri(uri);
  } catch (e) {
    if (e instanceof UriError) {
      throw new DatabaseError("invalid_database_uri_format", "Invalid URI format", e.message, { connection_uri: e.message });
    }
    throw e;
  }
}

function sshOf(input: DatabaseConnectionInput): SshSettings | null {
  if (!input.use_ssh) return null;
  const s = input.ssh_settings;
  if (!s) throw new DatabaseError("ssh_invalid_database_connection", "SSH settings are missing", "use_ssh is true but ssh_settings is empty", { ssh_settings: "Required when use_ssh is true" });
  if (!s.password && !s.private_key) {
    throw new DatabaseError("ssh_invalid_database_connection", "SSH needs a password or a private key", "Give ssh_settings.password or ssh_settings.private_key", { "ssh_settings.password": "Give a password or a private key" });
  }
  return { host: s.host, port: s.port, username: s.username, password: s.password ?? undefined, privateKey: s.private_key ?? undefined, privateKeyPassword: s.private_key_password ?? undefined };
}

/** Runs `fn` on a session of the database; connection and query failures become Dataherald's errors. */
export async function withDatabaseSession<T>(target: DbTarget, ssh: SshSettings | null, fn: (session: DbSession) => Promise<T>): Promise<T> {
  // A driver's message may quote the URI or the password it was given: both are masked.
  const known = [target.password, ssh?.password, ssh?.privateKeyPassword];
  let session: DbSession;
  try {
    session = await openSession(target, ssh);
  } catch (e) {
    throw connectionFailure(e, Boolean(ssh), known);
  }
  try {
    return await fn(session);
  } catch (e) {
    throw connectionFailure(e, Boolean(ssh), known);
  } finally {
    await session.close();
  }
}

/** Connects and lists the tables of the requested schemas (or the default one). */
export function discoverTables(target: DbTarget, ssh: SshSettings | null, schemas?: string[] | null): Promise<TableRef[]> {
  return withDatabaseSession(target, ssh, async (session) => {
    if (!schemas?.length) return session.listTables();
    const all: TableRef[] = [];
    for (const s of schemas) all.push(...(await session.listTables(s)));
    return all;
  });
}

export function connectionFailure(e: unknown, viaSsh: boolean, knownSecrets: (string | undefined)[] = []): DatabaseError {
  if (e instanceof DatabaseError) return e;
  const raw = e instanceof DriverError ? e : new DriverError("query_failed", (e as Error).message);
  const err = new DriverError(raw.code, redactText(raw.message, knownSecrets), raw.via);
  if (err.code === "driver_unavailable") return new DatabaseError("driver_unavailable", err.message, err.message, { connection_uri: err.message });
  if (err.code === "destination_not_allowed") {
    return new DatabaseError("destination_not_allowed", "Connections to this destination are not allowed (destination_not_allowed)", err.message, { [err.via === "ssh" ? "ssh_settings" : "connection_uri"]: err.message });
  }
  if (err.code === "ssh_failed") return new DatabaseError("ssh_invalid_database_connection", "Unable to connect to the database through SSH", err.message, { ssh_settings: err.message });
  return new DatabaseError(
    viaSsh ? "ssh_invalid_database_connection" : "invalid_database_connection",
    `Unable to connect to the database (${err.code})`,
    err.message,
    { connection_uri: err.message },
  );
}

function configFor(input: DatabaseConnectionInput, parsed: ReturnType<typeof parseConnectionUri>, source: DatabaseConfig["source"]): { config: DatabaseConfig; secrets: DatabaseSecrets } {
  const t = parsed.target;
  return {
    config: {
      source,
      dialect: parsed.dialect,
      uri: redactUri(input.connection_uri),
      host: t.host,
      port: t.port,
      database: t.database,
      user: t.user,
      schema: t.schema,
      file: t.file,
      use_ssh: input.use_ssh,
      ssh: input.use_ssh && input.ssh_settings ? { host: input.ssh_settings.host, port: input.ssh_settings.port, username: input.ssh_settings.username } : null,
      path_to_credentials_file: input.path_to_credentials_file ?? null,
      metadata: input.metadata ?? null,
      schemas: input.schemas ?? null,
      file_storage: input.file_storage ? { name: input.file_storage.name, region: input.file_storage.region, bucket: input.file_storage.bucket } : null,
    },
    secrets: {
      connection_uri: input.connection_uri,
      llm_api_key: input.llm_api_key ?? undefined,
      ssh_password: input.ssh_settings?.password ?? undefined,
      ssh_private_key: input.ssh_settings?.private_key ?? undefined,
      ssh_private_key_password: input.ssh_settings?.private_key_password ?? undefined,
      file_storage_access_key_id: input.file_storage?.access_key_id ?? undefined,
      file_storage_secret_access_key: input.file_storage?.secret_access_key ?? undefined,
    },
  };
}

function lastTestFor(dialect: DbTarget["dialect"], tables: number): DatabaseConfig["lastTest"] {
  const at = new Date().toISOString();
  if (!AVAILABLE_DIALECTS.includes(dialect)) return { ok: false, code: "driver_unavailable", message: unavailableMessage(dialect), at };
  return { ok: true, code: null, message: `Connected; ${tables} table(s)`, at };
}

export const unavailableMessage = (dialect: string) =>
  `The ${dialect} driver is not available in this installation: the connection is stored, but it cannot be tested or scanned here`;

function insertTables(connectionId: string, tables: TableRef[]) {
  const db = getDb();
  for (const t of tables) {
    db.insert(tableDescriptions)
      .values({ id: newConnectionId(), connectionId, schemaName: t.schema, tableName: t.name, status: "NOT_SCANNED" })
      .onConflictDoNothing()
      .run();
  }
}

/**
 * Creates a database connection the Dataherald way: the URI is validated, the connection tested
 * (through SSH when asked), and one NOT_SCANNED table description made per table found.
 */
export async function createDatabaseConnection(actor: Actor, input: DatabaseConnectionInput, source: DatabaseConfig["source"] = "dataherald"): Promise<Connection> {
  const parsed = parseUri(input.connection_uri);
  if (findConnectionByName(input.alias)) {
    throw new DatabaseError("db_connection_alias_exists", `Alias ${input.alias} already exists`, "Connection names (aliases) are unique across every kind of connection", { alias: "This name is already taken" });
  }
  if (parsed.dialect === "bigquery" && !input.path_to_credentials_file) {
    throw new DatabaseError("invalid_database_connection", "BigQuery needs path_to_credentials_file", "Give the service account JSON file's path", { path_to_credentials_file: "Required for BigQuery" });
  }
  // Dialects without a driver here are accepted once their URI is valid: stored, not tested.
  const testable = AVAILABLE_DIALECTS.includes(parsed.dialect);
  const tables = testable ? await discoverTables(parsed.target, sshOf(input), input.schemas) : [];
  if (testable && tables.length === 0) {
    throw new DatabaseError("empty_database", "The database has no tables", `No tables in ${input.schemas?.join(", ") || parsed.target.schema || parsed.target.database || "the database"}`);
  }
  const { config, secrets } = configFor(input, parsed, source);
  config.lastTest = lastTestFor(parsed.dialect, tables.length);
  const db = getDb();
  const row = db.transaction(() => {
    const created = db
      .insert(connections)
      .values({ id: newConnectionId(), kind: "database", name: input.alias, config, secrets: sealSecrets(secrets), createdBy: actor.label })
      .returning()
      .get();
    insertTables(created.id, tables);
    return created;
  });
  recordAudit(actor, { action: "connection.create", targetType: "connection", targetId: row.id, targetLabel: row.name, summary: { kind: "database", dialect: parsed.dialect, source, tables: tables.length } });
  return row;
}

export async function updateDatabaseConnection(actor: Actor, id: string, input: DatabaseConnectionInput): Promise<Connection> {
  const row = requireDatabaseConnection(id);
  const other = findConnectionByName(input.alias);
  if (other && other.id !== id) {
    throw new DatabaseError("db_connection_alias_exists", `Alias ${input.alias} already exists`, "Connection names (aliases) are unique", { alias: "This name is already taken" });
  }
  // Fields the body leaves out keep their stored values (the console cannot send back secrets it
  // never sees, such as llm_api_key), so an edit never silently drops them.
  const previous = row.config as DatabaseConfig;
  const stored = readSecrets<DatabaseSecrets>(row);
  input = {
    ...input,
    llm_api_key: input.llm_api_key === undefined ? stored.llm_api_key : input.llm_api_key,
    path_to_credentials_file: input.path_to_credentials_file === undefined ? previous.path_to_credentials_file : input.path_to_credentials_file,
    metadata: input.metadata === undefined ? previous.metadata : input.metadata,
    schemas: input.schemas === undefined ? previous.schemas : input.schemas,
    file_storage:
      input.file_storage === undefined && previous.file_storage
        ? { ...previous.file_storage, access_key_id: stored.file_storage_access_key_id, secret_access_key: stored.file_storage_secret_access_key }
        : input.file_storage,
  };
  let parsed = parseUri(input.connection_uri);
  // The URI shown back carries the mask for its password: written back, it keeps the stored one,
  // but only while the URI still points at the same server (DESIGN §3).
  if (isMaskValue(uriPassword(input.connection_uri))) {
    const { connection_uri: password } = requireSecretsAgainIfTargetChanged(
      { kind: previous.dialect, host: previous.host ?? null, port: previous.port ?? null, database: previous.database ?? previous.file ?? null },
      { kind: parsed.dialect, host: parsed.target.host ?? null, port: parsed.target.port ?? null, database: parsed.target.database ?? parsed.target.file ?? null },
      { connection_uri: { value: undefined, keep: true, stored: stored.connection_uri ? uriPassword(stored.connection_uri) : undefined, label: "password" } },
    );
    if (password) {
      input = { ...input, connection_uri: withPassword(input.connection_uri, password) };
      parsed = parseUri(input.connection_uri);
    }
  }
  const testable = AVAILABLE_DIALECTS.includes(parsed.dialect);
  const tables = testable ? await discoverTables(parsed.target, sshOf(input), input.schemas) : [];
  if (testable && tables.length === 0) {
    throw new DatabaseError("empty_database", "The database has no tables", `No tables in ${input.schemas?.join(", ") || parsed.target.schema || parsed.target.database || "the database"}`);
  }
  const { config, secrets } = configFor(input, parsed, previous.source);
  config.lastTest = lastTestFor(parsed.dialect, tables.length);
  const updated = getDb()
    .update(connections)
    .set({ name: input.alias, config, secrets: sealSecrets(secrets), updatedAt: new Date(), updatedBy: actor.label })
    .where(eq(connections.id, id))
    .returning()
    .get();
  insertTables(id, tables);
  recordAudit(actor, { action: "connection.update", targetType: "connection", targetId: id, targetLabel: updated.name, summary: { kind: "database", dialect: parsed.dialect } });
  return updated;
}

/** Test without saving (the console's Test button, and PUT before it saves). */
export async function testDatabaseInput(input: DatabaseConnectionInput) {
  const parsed = parseUri(input.connection_uri);
  const tables = await discoverTables(parsed.target, sshOf(input), input.schemas);
  return { ok: true, dialect: parsed.dialect, tables: tables.map((t) => `${t.schema}.${t.name}`) };
}

export function tableCount(connectionId: string, status?: string): number {
  const where = status ? and(eq(tableDescriptions.connectionId, connectionId), eq(tableDescriptions.status, status as never)) : eq(tableDescriptions.connectionId, connectionId);
  return getDb().select({ id: tableDescriptions.id }).from(tableDescriptions).where(where).all().length;
}
