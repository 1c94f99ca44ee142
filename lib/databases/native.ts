import "server-only";
import { and, asc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import { afterCursor, pageFrom, pageOf, type Page } from "@/lib/api/paging";
import { db } from "@/lib/db/tx";
import { connections } from "@/lib/db/tables";
import type { ConnectionOf, TableDescription } from "@/lib/db/tables";
import { AVAILABLE_DIALECTS, type Dialect } from "@/lib/drivers/types";
import { asConnection, readSecrets } from "@/lib/connections/store";
import type { Role } from "@/lib/auth/roles";
import { collectSecretRefs, showRefInUri } from "@/lib/secrets/refs";
import { redactUri } from "@/lib/secrets/redact";
import type { DatabaseConnectionOut, TableDescriptionOut } from "./native-schemas";
import { DatabaseError } from "./errors";
import { listTableDescriptions } from "./table-descriptions";
import { secretView, testDatabaseSpec, type DatabaseConnectionSpec, type DatabaseSecrets } from "./service";
import type { DatabaseConnectionInput } from "./schemas";
import { uriConnectionSpec } from "./uri-input";
import { byteOrder, containsText, countRows } from "@/lib/db/sql-dialect";

/** The console's body as the neutral spec: a URI, its SSH settings, the schemas to discover. */
export function specOfNativeInput(body: DatabaseConnectionInput, source = "console"): DatabaseConnectionSpec {
  return {
    ...uriConnectionSpec({ name: body.alias, uri: body.connection_uri, useSsh: body.use_ssh, ssh: body.ssh_settings, schemas: body.schemas, source }),
    credentialsFile: body.path_to_credentials_file,
    metadata: body.metadata,
  };
}

type TableCounts = DatabaseConnectionOut["tables"];

async function tableCountsOf(connectionId: string): Promise<TableCounts> {
  const tables = await listTableDescriptions({ connectionId });
  const count = (status: string) => tables.filter((t) => t.status === status).length;
  return { total: tables.filter((t) => t.status !== "DEPRECATED").length, scanned: count("SCANNED"), failed: count("FAILED"), synchronizing: count("SYNCHRONIZING") };
}

/**
 * Which secrets a row has and its references, from the plain config (rows saved before it held
 * them are decrypted, once per output): lists of a thousand connections decrypt nothing.
 */
export function secretSummaryOf(row: ConnectionOf<"database">): { fields: Set<string>; refs: Record<string, string> } {
  const c = row.config;
  if (c.secretFields && c.secretRefs) return { fields: new Set(c.secretFields), refs: c.secretRefs };
  const view = secretView(readSecrets<DatabaseSecrets>(row));
  return { fields: new Set(Object.keys(view).filter((k) => view[k])), refs: collectSecretRefs(view) };
}

/** The redacted URI, with its password's reference shown as written instead of the mask (a reference is no secret). */
export function displayUriOf(uri: string, refs: Record<string, string>): string {
  return showRefInUri(redactUri(uri), refs.password);
}

/** One connection as the API answers it, its tables counted. */
export async function nativeDatabaseOf(row: ConnectionOf<"database">): Promise<DatabaseConnectionOut> {
  return toNativeDatabase(row, await tableCountsOf(row.id));
}

/** With the table counts already known: lists count every row's tables in the same query. */
export function toNativeDatabase(row: ConnectionOf<"database">, tables: TableCounts): DatabaseConnectionOut {
  const c = row.config;
  const { fields, refs } = secretSummaryOf(row);
  return {
    id: row.id,
    kind: "database",
    name: row.name,
    dialect: c.dialect,
    source: c.source,
    // Rebuilt on the way out as well: a row written before passwords left the config is masked too.
    uri: displayUriOf(c.uri, refs),
    host: c.host ?? null,
    port: c.port ?? null,
    database: c.database ?? null,
    user: c.user ?? null,
    schema: c.schema ?? null,
    file: c.file ?? null,
    useSsh: c.use_ssh,
    ssh: c.ssh ? { ...c.ssh, hasPassword: fields.has("ssh_password"), hasPrivateKey: fields.has("ssh_private_key") } : null,
    secretRefs: refs,
    driverAvailable: AVAILABLE_DIALECTS.includes(c.dialect as Dialect),
    lastTest: c.lastTest ?? null,
    tables,
    provisionedFrom: row.provisionedFrom,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt?.toISOString() ?? null,
  };
}

// Sorted by name regardless of case, then id.
const dbSortKey = byteOrder(sql`lower(${connections.name})`);
const countOf = (where: SQL) => sql<number>`(select count(*) from table_descriptions t where t.connection_id = "connections"."id" and ${where})`.mapWith(Number);

/** One page of database connections: filtered, sorted and counted in SQL, each row's table counts in the same query. */
export async function listNativeDatabases(query: { q?: string; limit?: string; cursor?: string }): Promise<Page<DatabaseConnectionOut>> {
  const { limit, after } = pageOf(query);
  const q = query.q?.trim().toLowerCase();
  const filters = [eq(connections.kind, "database"), q ? containsText(sql`lower(${connections.name})`, q) : undefined];
  const rows = await db()
    .select({
      row: getTableColumns(connections),
      key: dbSortKey,
      total: countOf(sql`t.status <> 'DEPRECATED'`),
      scanned: countOf(sql`t.status = 'SCANNED'`),
      failed: countOf(sql`t.status = 'FAILED'`),
      synchronizing: countOf(sql`t.status = 'SYNCHRONIZING'`),
    })
    .from(connections)
    .where(and(...filters, afterCursor(dbSortKey, sql`${connections.id}`, after)))
    .orderBy(asc(dbSortKey), asc(connections.id))
    .limit(limit + 1);
  const [{ total }] = await db().select({ total: countRows() }).from(connections).where(and(...filters));
  return pageFrom(
    rows,
    limit,
    total,
    (r) => [r.key, r.row.id],
    (r) => toNativeDatabase(asConnection(r.row, "database"), { total: r.total, scanned: r.scanned, failed: r.failed, synchronizing: r.synchronizing }),
  );
}

export function toNativeTable(t: TableDescription): TableDescriptionOut {
  return {
    id: t.id,
    connectionId: t.connectionId,
    schemaName: t.schemaName,
    tableName: t.tableName,
    status: t.status,
    description: t.description,
    columns: t.columns,
    examples: t.examples,
    rowCount: t.rowCount,
    errorMessage: t.errorMessage,
    lastScannedAt: t.lastScannedAt?.toISOString() ?? null,
  };
}

/** Test before save, answered as a result rather than an error (the console's Test button). */
export async function testDatabaseForConsole(input: DatabaseConnectionInput, role: Role) {
  try {
    const r = await testDatabaseSpec(specOfNativeInput(input), role);
    return { ok: true, code: null, message: `Connected: ${r.tables.length} table(s) found`, dialect: r.dialect, tables: r.tables };
  } catch (e) {
    if (e instanceof DatabaseError) return { ok: false, code: e.reason, message: e.description, dialect: null, tables: [] };
    throw e;
  }
}
