import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { newConnectionId } from "@/lib/connections/ids";
import { db, first, inTransaction } from "@/lib/db/tx";
import { tableDescriptions, type TableDescription } from "@/lib/db/tables";
import { enqueue } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import { DatabaseError } from "./errors";
import { ScanJob } from "./scan-job";
import { discoverTables, noDriver, openDatabaseSession, requireDatabaseConnection, targetOf } from "./service";

export async function requireTableDescription(id: string): Promise<TableDescription> {
  const row = /^[0-9a-f]{24}$/.test(id) ? await first(db().select().from(tableDescriptions).where(eq(tableDescriptions.id, id))) : undefined;
  if (!row) throw new DatabaseError("table_description_not_found", `Table description ${id} not found`, "No table description has this id");
  return row;
}

export async function listTableDescriptions(filter: { connectionId?: string; tableName?: string }): Promise<TableDescription[]> {
  if (filter.connectionId) await requireDatabaseConnection(filter.connectionId);
  const where = [];
  if (filter.connectionId) where.push(eq(tableDescriptions.connectionId, filter.connectionId));
  if (filter.tableName) where.push(eq(tableDescriptions.tableName, filter.tableName));
  return db()
    .select()
    .from(tableDescriptions)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(tableDescriptions.schemaName), asc(tableDescriptions.tableName));
}

export function updateTableDescription(
  actor: Actor,
  id: string,
  input: { description?: string | null; columns?: { name: string; description?: string | null }[] | null; metadata?: Record<string, unknown> | null },
): Promise<TableDescription> {
  return inTransaction(async (tx) => {
    const row = await requireTableDescription(id);
    const known = row.columns;
    // Only columns the scan found can be described: a name it did not find is refused, never stored.
    const phantom = (input.columns ?? []).find((c) => !known.some((k) => k.name === c.name));
    if (phantom) {
      throw new DatabaseError("invalid_column_name", `Column ${phantom.name} doesn't exist`, known.length ? `${row.tableName} has no column ${phantom.name}` : `${row.tableName} has not been scanned yet: scan it to find its columns`, {
        columns: `Column ${phantom.name} doesn't exist`,
      });
    }
    const columns = known.map((c) => {
      const given = input.columns?.find((x) => x.name === c.name);
      return given ? { ...c, description: given.description ?? null } : c;
    });
    const [updated] = await tx
      .update(tableDescriptions)
      .set({
        description: input.description === undefined ? row.description : input.description,
        columns,
        metadata: input.metadata === undefined ? row.metadata : input.metadata,
        updatedAt: new Date(),
      })
      .where(eq(tableDescriptions.id, id))
      .returning();
    await recordAudit(actor, { action: "table_description.update", targetType: "table_description", targetId: id, targetLabel: row.tableName });
    return updated;
  });
}

/** Marks the tables SYNCHRONIZING and queues their scan; the worker moves them to SCANNED or FAILED. */
export async function syncSchemas(actor: Actor, connectionId: string, tableNames?: string[] | null): Promise<TableDescription[]> {
  const ids = await inTransaction(async (tx) => {
    const conn = await requireDatabaseConnection(connectionId);
    // Nothing could scan them: answered as refresh answers, not with an empty success.
    if (!targetOf(conn).target) throw noDriver(conn.config.dialect);
    const all = (await listTableDescriptions({ connectionId })).filter((t) => t.status !== "DEPRECATED");
    const chosen = tableNames?.length ? all.filter((t) => tableNames.includes(t.tableName) || tableNames.includes(`${t.schemaName}.${t.tableName}`)) : all;
    const missing = (tableNames ?? []).filter((n) => !all.some((t) => t.tableName === n || `${t.schemaName}.${t.tableName}` === n));
    if (missing.length) {
      throw new DatabaseError("table_description_not_found", `Unknown table(s): ${missing.join(", ")}`, "Refresh the connection's tables first if they are new");
    }
    const chosenIds = chosen.map((t) => t.id);
    if (chosenIds.length) {
      // The status and the job commit together: no table left SYNCHRONIZING without a scan queued.
      await tx.update(tableDescriptions).set({ status: "SYNCHRONIZING", errorMessage: null, updatedAt: new Date() }).where(inArray(tableDescriptions.id, chosenIds));
      await enqueue(ScanJob, { connectionId, ids: chosenIds });
    }
    await recordAudit(actor, { action: "table_description.sync", targetType: "connection", targetId: connectionId, targetLabel: conn.name, summary: { tables: chosenIds.length } });
    return chosenIds;
  });
  return ids.length ? (await listTableDescriptions({ connectionId })).filter((t) => ids.includes(t.id)) : [];
}

/** Adds tables that appeared as NOT_SCANNED and marks vanished ones DEPRECATED. */
export async function refreshTables(actor: Actor, connectionId: string): Promise<TableDescription[]> {
  const conn = await requireDatabaseConnection(connectionId);
  const { target, ssh } = targetOf(conn);
  if (!target) throw noDriver(conn.config.dialect);
  // The driver lists the tables before the transaction opens: nothing slow inside it.
  const found = await discoverTables(target, ssh, conn.config.schemas);
  const key = (s: string, n: string) => `${s}\u0000${n}`;
  const live = new Set(found.map((t) => key(t.schema, t.name)));
  await inTransaction(async (tx) => {
    const existing = await listTableDescriptions({ connectionId });
    const known = new Set(existing.map((t) => key(t.schemaName, t.tableName)));
    for (const t of found) {
      if (!known.has(key(t.schema, t.name))) await tx.insert(tableDescriptions).values({ id: newConnectionId(), connectionId, schemaName: t.schema, tableName: t.name });
    }
    for (const t of existing) {
      const isLive = live.has(key(t.schemaName, t.tableName));
      if (!isLive && t.status !== "DEPRECATED") await tx.update(tableDescriptions).set({ status: "DEPRECATED", updatedAt: new Date() }).where(eq(tableDescriptions.id, t.id));
      if (isLive && t.status === "DEPRECATED") await tx.update(tableDescriptions).set({ status: "NOT_SCANNED", updatedAt: new Date() }).where(eq(tableDescriptions.id, t.id));
    }
    await recordAudit(actor, { action: "table_description.refresh", targetType: "connection", targetId: connectionId, targetLabel: conn.name, summary: { tables: found.length } });
  });
  return listTableDescriptions({ connectionId });
}

/** The scan job: one session, each table in turn; a failing table is FAILED with its reason. Each result is written as it comes, never while the driver works. */
export async function scanTables(connectionId: string, ids: string[], signal?: AbortSignal): Promise<{ scanned: number; failed: number }> {
  const rows = ids.length ? await db().select().from(tableDescriptions).where(inArray(tableDescriptions.id, ids)) : [];
  const fail = (message: string, which = rows) =>
    inTransaction(async (tx) => {
      if (which.length) await tx.update(tableDescriptions).set({ status: "FAILED", errorMessage: message, updatedAt: new Date() }).where(inArray(tableDescriptions.id, which.map((r) => r.id)));
    });
  let conn;
  try {
    conn = await requireDatabaseConnection(connectionId);
  } catch {
    return { scanned: 0, failed: 0 };
  }
  const { target, ssh } = targetOf(conn);
  let session;
  try {
    if (!target) throw new Error("No driver is available for this connection type");
    session = await openDatabaseSession(target, ssh);
  } catch (e) {
    // The driver's own words (redacted), or the secret reference that could not be resolved.
    await fail(e instanceof DatabaseError ? e.description : (e as Error).message);
    return { scanned: 0, failed: rows.length };
  }
  let scanned = 0;
  let failed = 0;
  try {
    for (const row of rows) {
      if (signal?.aborted) {
        await fail("The scan was interrupted", [row]);
        failed++;
        continue;
      }
      try {
        const scan = await session.scanTable({ schema: row.schemaName, name: row.tableName });
        const described = new Map(row.columns.map((c) => [c.name, c.description ?? null]));
        await inTransaction((tx) =>
          tx
            .update(tableDescriptions)
            .set({
              status: "SCANNED",
              errorMessage: null,
              columns: scan.columns.map((c) => ({ name: c.name, data_type: c.dataType, nullable: c.nullable, is_primary_key: c.isPrimaryKey, description: described.get(c.name) ?? null })),
              examples: scan.samples,
              rowCount: scan.rowCount,
              tableSchema: scan.ddl,
              lastScannedAt: new Date(),
              updatedAt: new Date(),
            })
            .where(eq(tableDescriptions.id, row.id)),
        );
        scanned++;
      } catch (e) {
        await fail((e as Error).message, [row]);
        failed++;
      }
    }
  } finally {
    await session.close();
  }
  log.info("Table scan finished", { connectionId, scanned, failed });
  return { scanned, failed };
}
