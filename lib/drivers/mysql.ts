import "server-only";
import mysql from "mysql2/promise";
import { dialFor, type DialOptions } from "./dial";
import { classify } from "./errors";
import { plainValue, type DbSession, type DbTarget, type TableRef } from "./types";

const q = (s: string) => `\`${s.replace(/`/g, "``")}\``;
const SYSTEM = new Set(["information_schema", "mysql", "performance_schema", "sys"]);

export async function openMysql(t: DbTarget, timeoutMs: number, options: DialOptions = {}): Promise<DbSession> {
  const what = `MySQL ${t.host}:${t.port ?? 3306}`;
  const dial = await dialFor(t.host, t.port ?? 3306, what, options);
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection({
      // The checked address, never the name: a second lookup could answer differently.
      host: dial.host,
      port: dial.port,
      user: t.user,
      password: t.password,
      database: t.database,
      connectTimeout: timeoutMs,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
  } catch (e) {
    throw classify(e, what, "connect");
  }
  conn.on("error", () => {});
  const run = async <R,>(sql: string, params: unknown[] = []) => {
    try {
      return (await conn.query(sql, params))[0] as R[];
    } catch (e) {
      throw classify(e, "MySQL");
    }
  };
  return {
    async listSchemas() {
      return (await run<{ s: string }>("SELECT schema_name AS s FROM information_schema.schemata ORDER BY 1")).map((r) => r.s).filter((s) => !SYSTEM.has(s));
    },
    async listTables(schema?: string) {
      const s = schema ?? t.database!;
      return (await run<{ n: string; k: string }>("SELECT table_name AS n, table_type AS k FROM information_schema.tables WHERE table_schema = ? ORDER BY 1", [s])).map((r) => ({
        schema: s,
        name: r.n,
        type: r.k === "VIEW" ? ("view" as const) : ("table" as const),
      }));
    },
    async scanTable(ref: TableRef) {
      const cols = await run<{ name: string; type: string; nullable: string; k: string }>(
        "SELECT column_name AS name, column_type AS type, is_nullable AS nullable, column_key AS k FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [ref.schema, ref.name],
      );
      const table = `${q(ref.schema)}.${q(ref.name)}`;
      const [{ n }] = await run<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      const samples = (await run<Record<string, unknown>>(`SELECT * FROM ${table} LIMIT 3`)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plainValue(v)])));
      const [created] = await run<Record<string, string>>(`SHOW CREATE TABLE ${table}`);
      return {
        columns: cols.map((c) => ({ name: c.name, dataType: c.type, nullable: c.nullable === "YES", isPrimaryKey: c.k === "PRI" })),
        rowCount: Number(n),
        samples,
        ddl: created?.["Create Table"] ?? created?.["Create View"] ?? "",
      };
    },
    async close() {
      await conn.end().catch(() => {});
    },
  };
}
