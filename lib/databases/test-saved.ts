import "server-only";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { inTransaction } from "@/lib/db/tx";
import { connections } from "@/lib/db/tables";
import { DatabaseError } from "./errors";
import { discoverTables, noDriver, requireDatabaseConnection, targetOf } from "./service";

/** Tests a saved connection and keeps the result for the connections list. */
export async function testSavedDatabase(actor: Actor, id: string) {
  const row = await requireDatabaseConnection(id);
  const config = row.config;
  const { target, ssh } = targetOf(row);
  let result: { ok: boolean; code: string | null; message: string; dialect: string | null; tables: string[] };
  // The test dials the database: outside the transaction, which only records its result.
  try {
    if (!target) throw noDriver(config.dialect);
    const tables = await discoverTables(target, ssh, config.schemas);
    result = { ok: true, code: null, message: `Connected: ${tables.length} table(s) found`, dialect: config.dialect, tables: tables.map((t) => `${t.schema}.${t.name}`) };
  } catch (e) {
    if (!(e instanceof DatabaseError)) throw e;
    result = { ok: false, code: e.reason, message: e.description, dialect: config.dialect, tables: [] };
  }
  const lastTest = { ok: result.ok, code: result.code, message: result.message, at: new Date().toISOString() };
  await inTransaction(async (tx) => {
    await tx.update(connections).set({ config: { ...config, lastTest } }).where(eq(connections.id, id));
    await recordAudit(actor, { action: "connection.test", targetType: "connection", targetId: id, targetLabel: row.name, summary: { ok: result.ok, code: result.code } });
  });
  return result;
}
