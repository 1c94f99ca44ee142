import "server-only";
import pg from "pg";
import { dialFor, type DialOptions } from "./dial";
import { classify } from "./errors";
import { plainValue, type DbSession, type DbTarget, type TableRef } from "./types";

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

export async function openPostgres(t: DbTarget, timeoutMs: number, options: DialOptions = {}): Promise<DbSession> {
  const what = `PostgreSQL ${t.host}:${t.port ?? 5432}`;
  const dial = await dialFor(t.host, t.port ?? 5432, what, options);
  const client = new pg.Client({
    // The checked address, never the name: a second lookup could answer differently.
    host: dial.host,
    port: dial.port,
    database: t.database,
    user: t.user,
    password: t.password,
    ssl:
      t.params?.sslmode === "require" || t.params?.ssl === "true"
        ? { rejectUnauthorized: t.params?.sslmode !== "require", ...(dial.servername ? { servername: dial.servername } : {}) }
        : undefined,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: 30_000,
    application_name: "switchyard",
  });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw classify(e, what, "connect");
  }
  const run = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => {
    try {
      return (await client.query<R>(sql, params)).rows;
    } catch (e) {
      throw classify(e, "PostgreSQL");
    }
  };
  return {
    async listSchemas() {
      return (await run<{ s: string }>(`SELECT schema_name AS s FROM information_schema.schemata WHERE schema_name NOT LIKE 'pg\\_%' AND schema_name <> 'information_schema' ORDER BY 1`)).map((r) => r.s);
    },
    async listTables(schema?: string) {
      const s = schema ?? t.schema ?? "public";
      return (
        await run<{ n: string; k: string }>(`SELECT table_name AS n, table_type AS k FROM information_schema.tables WHERE table_schema = $1 AND table_type IN ('BASE TABLE', 'VIEW') ORDER BY 1`, [s])
      ).map((r) => ({ schema: s, name: r.n, type: r.k === "VIEW" ? ("view" as const) : ("table" as const) }));
    },
    async scanTable(ref: TableRef) {
      const cols = await run<{ name: string; type: string; nullable: string; pk: boolean }>(
        `SELECT c.column_name AS name, c.data_type AS type, c.is_nullable AS nullable,
                EXISTS (SELECT 1 FROM information_schema.table_constraints tc
                          JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
                         WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = c.table_schema AND tc.table_name = c.table_name AND k.column_name = c.column_name) AS pk
           FROM information_schema.columns c WHERE c.table_schema = $1 AND c.table_name = $2 ORDER BY c.ordinal_position`,
        [ref.schema, ref.name],
      );
      const table = `${q(ref.schema)}.${q(ref.name)}`;
      const [{ n }] = await run<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      const samples = (await run(`SELECT * FROM ${table} LIMIT 3`)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plainValue(v)])));
      const ddl = `CREATE TABLE ${table} (\n${cols.map((c) => `  ${q(c.name)} ${c.type}${c.nullable === "NO" ? " NOT NULL" : ""}`).join(",\n")}\n)`;
      return { columns: cols.map((c) => ({ name: c.name, dataType: c.type, nullable: c.nullable === "YES", isPrimaryKey: c.pk })), rowCount: Number(n), samples, ddl };
    },
    async close() {
      await client.end().catch(() => {});
    },
  };
}
