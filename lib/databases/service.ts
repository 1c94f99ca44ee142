import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { newConnectionId } from "@/lib/connections/ids";
import { asConnection, findConnection, findConnectionByName, readSecrets, sealSecrets } from "@/lib/connections/store";
import { db, inTransaction, writeDb } from "@/lib/db/tx";
import { connections, tableDescriptions, type Connection, type ConnectionOf } from "@/lib/db/tables";
import { openSession } from "@/lib/drivers/session";
import { AVAILABLE_DIALECTS, DriverError, type DbSession, type DbTarget, type Dialect, type SshSettings, type TableRef } from "@/lib/drivers/types";
import { parseConnectionUri } from "@/lib/drivers/uri";
import { redactText, redactUri, uriPassword, withPassword } from "@/lib/secrets/redact";
import { requireSecretsAgainIfTargetChanged, type SecretTarget } from "@/lib/secrets/target-change";
import { assertMaySetRefs, collectSecretRefs, resolveSecretValue, SecretRefError } from "@/lib/secrets/refs";
import type { Role } from "@/lib/auth/roles";
import type { DatabaseConfig, DatabaseConnectionSpec, DatabaseSecrets } from "./connection-spec";
import { DatabaseError } from "./errors";
import { assertWritable, provisionedColumn, type WriteOptions } from "@/lib/bundle/read-only";

export type { DatabaseConfig, DatabaseConnectionSpec, DatabaseSecrets } from "./connection-spec";

// The one create, update and delete path of database connections, whichever surface the request
// came in through: tested when a driver exists here, tables discovered as NOT_SCANNED table
// descriptions, secrets encrypted, the stored password kept only while the target is the same.

export const idError = (id: string) =>
  new DatabaseError("invalid_object_id", `${id} is not a valid id`, "Database connection ids are 24 hexadecimal characters");

export async function requireDatabaseConnection(id: string): Promise<ConnectionOf<"database">> {
  if (!/^[0-9a-f]{24}$/.test(id)) throw idError(id);
  const row = await findConnection(id);
  if (!row || row.kind !== "database") {
    throw new DatabaseError("database_connection_not_found", `Database connection ${id} not found`, "No database connection has this id");
  }
  return row;
}

export async function listDatabaseConnections(): Promise<ConnectionOf<"database">[]> {
  return (await db().select().from(connections).where(eq(connections.kind, "database")).orderBy(asc(connections.createdAt))).map((r) => asConnection(r, "database"));
}

const hasDriver = (dialect: string): dialect is Dialect => AVAILABLE_DIALECTS.includes(dialect as Dialect);

/** Where a stored connection points, with its credentials and SSH settings; no target without a driver here. */
export function targetOf(row: ConnectionOf<"database">): { target: DbTarget | null; ssh: SshSettings | null } {
  const config = row.config;
  const secrets = readSecrets<DatabaseSecrets>(row);
  let target: DbTarget | null = null;
  if (!hasDriver(config.dialect)) target = null;
  else if (secrets.connection_uri) target = parseConnectionUri(secrets.connection_uri).target;
  else {
    const { dialect, host, port, database, user, schema, file, params } = config;
    target = { dialect, host, port, database, user, schema, file, params, password: secrets.password ?? secrets.jdbc_password };
  }
  const ssh = config.use_ssh && config.ssh ? { ...config.ssh, password: secrets.ssh_password, privateKey: secrets.ssh_private_key, privateKeyPassword: secrets.ssh_private_key_password } : null;
  return { target, ssh };
}

/**
 * The target and SSH settings with their secret references resolved, for this one use: a reference
 * that cannot be resolved is the connection's failure, naming the reference (never stored resolved).
 */
export function resolvedForUse(target: DbTarget, ssh: SshSettings | null): { target: DbTarget; ssh: SshSettings | null } {
  try {
    return {
      target: { ...target, password: resolveSecretValue(target.password) },
      ssh: ssh ? { ...ssh, password: resolveSecretValue(ssh.password), privateKey: resolveSecretValue(ssh.privateKey), privateKeyPassword: resolveSecretValue(ssh.privateKeyPassword) } : null,
    };
  } catch (e) {
    if (!(e instanceof SecretRefError)) throw e;
    const field = e.ref === target.password?.trim() ? "connection_uri" : "ssh_settings";
    throw new DatabaseError(field === "ssh_settings" ? "ssh_invalid_database_connection" : "invalid_database_connection", e.message, e.message, { [field]: e.message });
  }
}

/** A session of the database, its secret references resolved for it (DatabaseError when one cannot be). */
export async function openDatabaseSession(stored: DbTarget, storedSsh: SshSettings | null): Promise<DbSession> {
  const { target, ssh } = resolvedForUse(stored, storedSsh);
  try {
    return await openSession(target, ssh);
  } catch (e) {
    throw connectionFailure(e, Boolean(ssh), [target.password, ssh?.password, ssh?.privateKeyPassword]);
  }
}

/** Runs `fn` on a session of the database; connection and query failures become DatabaseErrors. */
export async function withDatabaseSession<T>(stored: DbTarget, storedSsh: SshSettings | null, fn: (session: DbSession) => Promise<T>): Promise<T> {
  const { target, ssh } = resolvedForUse(stored, storedSsh);
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
  return new DatabaseError(viaSsh ? "ssh_invalid_database_connection" : "invalid_database_connection", `Unable to connect to the database (${err.code})`, err.message, { connection_uri: err.message });
}

/** The driver's failure for a connection this installation has no driver for. */
export const noDriver = (dialect: string) => connectionFailure(new DriverError("driver_unavailable", unavailableMessage(dialect)), false);

export const unavailableMessage = (dialect: string) =>
  `The ${dialect} driver is not available in this installation: the connection is stored, but it cannot be tested or scanned here`;

const defined = <T extends Record<string, unknown>>(o: T | undefined) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));

function secretTargetOf(c: { dialect: string; host?: string; port?: number; database?: string; file?: string }): SecretTarget {
  return { kind: c.dialect, host: c.host ?? null, port: c.port ?? null, database: c.database ?? c.file ?? null };
}

function locationOf(spec: DatabaseConnectionSpec) {
  const t = spec.target;
  const l = spec.location ?? {};
  return { host: t?.host ?? l.host, port: t?.port ?? l.port, database: t?.database ?? l.database, user: t?.user ?? l.user, schema: t?.schema ?? l.schema, file: t?.file ?? l.file };
}

/** The stored password a kept one stands for, when the connection still points at the same server. */
function resolveKeptPassword(spec: DatabaseConnectionSpec, row: ConnectionOf<"database">): DatabaseConnectionSpec {
  if (!spec.keepPassword) return spec;
  const stored = readSecrets<DatabaseSecrets>(row);
  const storedPassword = stored.connection_uri ? uriPassword(stored.connection_uri) : (stored.password ?? stored.jdbc_password);
  const field = spec.uri ? "connection_uri" : "password";
  const kept = requireSecretsAgainIfTargetChanged(secretTargetOf(row.config), secretTargetOf({ dialect: spec.dialect, ...locationOf(spec) }), {
    [field]: { value: undefined, keep: true, stored: storedPassword, label: "password" },
  })[field];
  const target = spec.target ? { ...spec.target, password: kept } : null;
  return { ...spec, target, password: kept, uri: spec.uri && kept ? withPassword(spec.uri, kept) : spec.uri };
}

const SSH_FIELDS: Record<string, string> = { ssh_password: "ssh_settings.password", ssh_private_key: "ssh_settings.private_key", ssh_private_key_password: "ssh_settings.private_key_password" };

/** A connection's stored secrets by what they are (a URI's password as `password`): what the reference rules and outputs see. */
export function secretView(s: DatabaseSecrets): Record<string, string | undefined> {
  const { connection_uri, jdbc_password, ...rest } = s;
  return { ...rest, password: connection_uri ? uriPassword(connection_uri) : (s.password ?? jdbc_password) };
}

function specSecretView(spec: DatabaseConnectionSpec): Record<string, string | undefined> {
  return {
    ...Object.fromEntries(Object.entries(spec.secrets ?? {}).map(([k, v]) => [k, v ?? undefined])),
    password: spec.target?.password ?? spec.password ?? undefined,
    ssh_password: spec.ssh?.password,
    ssh_private_key: spec.ssh?.privateKey,
    ssh_private_key_password: spec.ssh?.privateKeyPassword,
  };
}

/** Only an admin sets or changes a secret reference (403 naming the field); one that can never resolve here is a 422. */
function assertSpecRefs(role: Role, spec: DatabaseConnectionSpec, row?: Connection): void {
  assertMaySetRefs(role, row ? secretView(readSecrets<DatabaseSecrets>(row)) : {}, specSecretView(spec), (path) => (path === "password" ? (spec.uri ? "connection_uri" : "password") : (SSH_FIELDS[path] ?? path)));
}

/** Tests the spec (when a driver exists) and finds its tables. */
async function probe(spec: DatabaseConnectionSpec): Promise<TableRef[]> {
  if (spec.dialect === "bigquery" && !spec.credentialsFile) {
    throw new DatabaseError("invalid_database_connection", "BigQuery needs path_to_credentials_file", "Give the service account JSON file's path", { path_to_credentials_file: "Required for BigQuery" });
  }
  if (!spec.target || !hasDriver(spec.dialect)) return [];
  const tables = await discoverTables(spec.target, spec.ssh, spec.schemas);
  if (spec.requireTables && tables.length === 0) {
    const where = spec.schemas?.join(", ") || spec.target.schema || spec.target.database || "the database";
    throw new DatabaseError("empty_database", "The database has no tables", `No tables in ${where}`);
  }
  return tables;
}

function storedFor(spec: DatabaseConnectionSpec, tables: number, previous?: ConnectionOf<"database">): { config: DatabaseConfig; secrets: DatabaseSecrets } {
  const before = previous ? previous.config : undefined;
  const storedSecrets = previous ? readSecrets<DatabaseSecrets>(previous) : {};
  const at = new Date().toISOString();
  const config: DatabaseConfig = {
    source: before?.source ?? spec.source,
    dialect: spec.dialect,
    uri: redactUri(spec.displayUri.trim()),
    ...locationOf(spec),
    // Fields-dialled connections keep their (credential-free) driver parameters; URI ones have them in the URI.
    ...(spec.uri || !spec.target?.params ? {} : { params: spec.target.params }),
    use_ssh: Boolean(spec.ssh),
    ssh: spec.ssh ? { host: spec.ssh.host, port: spec.ssh.port, username: spec.ssh.username } : null,
    schemas: spec.schemas === undefined ? (before?.schemas ?? null) : spec.schemas,
    path_to_credentials_file: spec.credentialsFile === undefined ? (before?.path_to_credentials_file ?? null) : spec.credentialsFile,
    metadata: spec.metadata === undefined ? (before?.metadata ?? null) : spec.metadata,
    options: { ...before?.options, ...defined(spec.options) },
    lastTest: hasDriver(spec.dialect) && spec.target ? { ok: true, code: null, message: `Connected; ${tables} table(s)`, at } : { ok: false, code: "driver_unavailable", message: unavailableMessage(spec.dialect), at },
  };
  const extra = Object.fromEntries(Object.entries(spec.secrets ?? {}).map(([k, v]) => [k, v === undefined ? storedSecrets[k] : (v ?? undefined)]));
  const secrets: DatabaseSecrets = {
    // A surface's own secrets not named in this request stay as they were.
    ...Object.fromEntries(Object.entries(storedSecrets).filter(([k]) => !["connection_uri", "password", "jdbc_password", "ssh_password", "ssh_private_key", "ssh_private_key_password"].includes(k))),
    ...extra,
    connection_uri: spec.uri,
    password: spec.uri ? undefined : (spec.target?.password ?? spec.password ?? undefined),
    ssh_password: spec.ssh?.password,
    ssh_private_key: spec.ssh?.privateKey,
    ssh_private_key_password: spec.ssh?.privateKeyPassword,
  };
  // What outputs and lists need of the secrets, kept in the plain config so that they never decrypt:
  // which secrets exist, and the references (not secret: "$__env{PG_PASSWORD}") as written.
  const view = secretView(secrets);
  config.secretFields = Object.keys(view).filter((k) => view[k]).sort();
  config.secretRefs = collectSecretRefs(view);
  return { config, secrets };
}

/** Inside the write's transaction. */
async function insertTables(connectionId: string, tables: TableRef[]) {
  for (const t of tables) {
    await writeDb().insert(tableDescriptions).values({ id: newConnectionId(), connectionId, schemaName: t.schema, tableName: t.name, status: "NOT_SCANNED" }).onConflictDoNothing();
  }
}

const aliasTaken = (name: string) =>
  new DatabaseError("db_connection_alias_exists", `Alias ${name} already exists`, "Connection names (aliases) are unique across every kind of connection", { alias: "This name is already taken" });

/** Who writes (their role decides whether they may set secret references) and how the path was reached. */
export type DatabaseWriteOptions = WriteOptions & { role: Role };

/** A database connection tested and ready to be written: what the one create/update path needs after its await. */
export type PreparedDatabaseWrite = { spec: DatabaseConnectionSpec; tables: TableRef[]; existingId: string | null };

/**
 * The slow half of a create or update: the name and read-only checks, then the test (the driver
 * connects and lists tables), outside any transaction. The write itself (writeDatabaseConnection)
 * is only store work, so an import or a dry run can run many of them in one transaction.
 */
export async function prepareDatabaseWrite(given: DatabaseConnectionSpec, existingId: string | null, opts: DatabaseWriteOptions): Promise<PreparedDatabaseWrite> {
  if (!existingId) {
    if (await findConnectionByName(given.name)) throw aliasTaken(given.name);
    // Before the test: the test is what would send a referenced value to the connection's server.
    assertSpecRefs(opts.role, given);
    return { spec: given, tables: await probe(given), existingId: null };
  }
  const row = await requireDatabaseConnection(existingId);
  assertWritable(row, "Database connection", opts);
  const other = await findConnectionByName(given.name);
  if (other && other.id !== existingId) throw aliasTaken(given.name);
  const previous = row.config;
  const spec = resolveKeptPassword({ ...given, credentialsFile: given.credentialsFile === undefined ? previous.path_to_credentials_file : given.credentialsFile }, row);
  assertSpecRefs(opts.role, spec, row);
  return { spec, tables: await probe(spec), existingId };
}

/** The store half: the tested connection and its tables (NOT_SCANNED), with its audit event, in one transaction. */
export function writeDatabaseConnection(actor: Actor, prepared: PreparedDatabaseWrite, opts: WriteOptions = {}): Promise<ConnectionOf<"database">> {
  const { spec, tables, existingId } = prepared;
  return inTransaction(async (tx) => {
    if (!existingId) {
      if (await findConnectionByName(spec.name)) throw aliasTaken(spec.name);
      const { config, secrets } = storedFor(spec, tables.length);
      const [created] = await tx.insert(connections).values({ id: newConnectionId(), kind: "database", name: spec.name, config, secrets: sealSecrets(secrets), createdBy: actor.label, ...provisionedColumn(opts) }).returning();
      await insertTables(created.id, tables);
      await recordAudit(actor, { action: "connection.create", targetType: "connection", targetId: created.id, targetLabel: created.name, summary: { kind: "database", dialect: spec.dialect, source: spec.source, tables: tables.length } });
      return asConnection(created, "database");
    }
    const row = await requireDatabaseConnection(existingId);
    // Checked again: the row may have changed while the test ran.
    assertWritable(row, "Database connection", opts);
    const other = await findConnectionByName(spec.name);
    if (other && other.id !== existingId) throw aliasTaken(spec.name);
    const { config, secrets } = storedFor(spec, tables.length, row);
    const [updated] = await tx
      .update(connections)
      .set({ name: spec.name, config, secrets: sealSecrets(secrets), updatedAt: new Date(), updatedBy: actor.label, ...provisionedColumn(opts) })
      .where(eq(connections.id, existingId))
      .returning();
    await insertTables(existingId, tables);
    await recordAudit(actor, { action: "connection.update", targetType: "connection", targetId: existingId, targetLabel: updated.name, summary: { kind: "database", dialect: spec.dialect, source: spec.source } });
    return asConnection(updated, "database");
  });
}

/** Creates a database connection: tested first, and one NOT_SCANNED table description per table found. */
export async function createDatabaseConnection(actor: Actor, spec: DatabaseConnectionSpec, opts: WriteOptions = {}): Promise<ConnectionOf<"database">> {
  return writeDatabaseConnection(actor, await prepareDatabaseWrite(spec, null, { ...opts, role: actor.role }), opts);
}

/** Changes a database connection; it is tested again, and new tables are added as NOT_SCANNED. */
export async function updateDatabaseConnection(actor: Actor, id: string, given: DatabaseConnectionSpec, opts: WriteOptions = {}): Promise<ConnectionOf<"database">> {
  return writeDatabaseConnection(actor, await prepareDatabaseWrite(given, id, { ...opts, role: actor.role }), opts);
}

export function deleteDatabaseConnection(actor: Actor, id: string, opts: WriteOptions = {}): Promise<void> {
  return inTransaction(async (tx) => {
    const row = await requireDatabaseConnection(id);
    assertWritable(row, "Database connection", opts);
    await tx.delete(connections).where(eq(connections.id, id));
    await recordAudit(actor, { action: "connection.delete", targetType: "connection", targetId: id, targetLabel: row.name, summary: { kind: "database" } });
  });
}

/** Test without saving (the console's Test button). */
export async function testDatabaseSpec(spec: DatabaseConnectionSpec, role: Role) {
  assertSpecRefs(role, spec);
  if (!spec.target) throw noDriver(spec.dialect);
  const tables = await discoverTables(spec.target, spec.ssh, spec.schemas);
  return { ok: true, dialect: spec.dialect, tables: tables.map((t) => `${t.schema}.${t.name}`) };
}

export async function tableCount(connectionId: string, status?: string): Promise<number> {
  const where = status ? and(eq(tableDescriptions.connectionId, connectionId), eq(tableDescriptions.status, status as never)) : eq(tableDescriptions.connectionId, connectionId);
  return (await db().select({ id: tableDescriptions.id }).from(tableDescriptions).where(where)).length;
}
