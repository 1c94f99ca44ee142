import "server-only";
import pg from "pg";
import { dialFor } from "@/lib/drivers/dial";
import { classify } from "@/lib/drivers/errors";
import { DriverError } from "@/lib/drivers/types";
import type { ScriptRecord } from "@/lib/runners/run-script";
import { STATE_TABLE, type Destination, type FeedState, type LoadTarget, type Loader } from "./destination";
import type { Warehouse } from "./warehouse-schemas";

type PgWarehouse = Extract<Warehouse, { type: "postgres" | "redshift" }>;

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
// PostgreSQL allows 65,535 bind parameters per statement.
const MAX_PARAMS = 60_000;

/** A connected client, dialled by the address the outbound policy checked for the warehouse host. */
async function connect(w: PgWarehouse): Promise<pg.Client> {
  const dial = await dialFor(w.host, w.port, `PostgreSQL ${w.host}:${w.port}`);
  const c = new pg.Client({
    host: dial.host,
    port: dial.port,
    database: w.database,
    user: w.user,
    password: w.password || undefined,
    ssl: w.ssl ? { rejectUnauthorized: true, ...(dial.servername ? { servername: dial.servername } : {}) } : undefined,
    connectionTimeoutMillis: 10_000,
    application_name: "switchyard",
  });
  c.on("error", () => {});
  try {
    await c.connect();
  } catch (e) {
    await c.end().catch(() => {});
    throw classify(e, `PostgreSQL ${w.host}:${w.port}`, "connect");
  }
  return c;
}

async function withClient<T>(w: PgWarehouse, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await connect(w);
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

export type WarehouseProblem = { field: string; message: string; code: "destination_not_allowed" | null };

/** Can Switchyard load into this warehouse? Returns the problem and the field to blame, or null. */
export async function checkPostgres(w: PgWarehouse): Promise<WarehouseProblem | null> {
  try {
    await withClient(w, async (c) => {
      await c.query("SELECT 1");
      await c.query("BEGIN");
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${q(w.schema)}`);
      await c.query("ROLLBACK");
    });
    return null;
  } catch (e) {
    if (e instanceof DriverError) {
      if (e.code === "destination_not_allowed") return { field: "host", message: e.message, code: "destination_not_allowed" };
      const field = e.code === "auth_failed" ? "password" : e.code === "database_not_found" ? "database" : "host";
      return { field, message: e.message, code: null };
    }
    // After connecting, the errors are the warehouse's own (permission denied for database …).
    const err = e as Error & { code?: string };
    return { field: err.code === "42501" ? "schema" : "host", message: err.message, code: null };
  }
}

type ColumnType = "double precision" | "boolean" | "text" | "bigint" | "timestamptz";

function typeOf(value: unknown, redshift: boolean): ColumnType {
  if (redshift) return "text";
  if (typeof value === "number") return "double precision";
  if (typeof value === "boolean") return "boolean";
  return "text";
}

function pgValue(value: unknown, type: ColumnType | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "object") return JSON.stringify(value);
  if (type === "text" && typeof value !== "string") return String(value);
  return value;
}

class PgLoader implements Loader {
  private loadedAt = new Date();

  constructor(
    private c: pg.Client,
    private w: PgWarehouse,
    private target: LoadTarget,
    private columns: Map<string, ColumnType>,
  ) {}

  private get table() {
    return `${q(this.w.schema)}.${q(this.target.table)}`;
  }

  private async ensureColumns(batch: ScriptRecord[]): Promise<string[]> {
    const keys = new Set<string>();
    for (const r of batch) for (const k of Object.keys(r)) keys.add(k);
    for (const key of keys) {
      const sample = batch.find((r) => r[key] !== null && r[key] !== undefined)?.[key];
      const wanted = typeOf(sample, this.w.type === "redshift");
      const have = this.columns.get(key);
      if (!have) {
        const ddl = this.w.type === "redshift" ? "VARCHAR(65535)" : wanted;
        await this.c.query(`ALTER TABLE ${this.table} ADD COLUMN IF NOT EXISTS ${q(key)} ${ddl}`);
        this.columns.set(key, wanted);
      } else if (have !== "text" && batch.some((r) => r[key] !== null && r[key] !== undefined && typeOf(r[key], false) !== have)) {
        // Mixed types under one key: widen the column to text rather than fail the load.
        await this.c.query(`ALTER TABLE ${this.table} ALTER COLUMN ${q(key)} TYPE text USING ${q(key)}::text`);
        this.columns.set(key, "text");
      }
    }
    return [...keys];
  }

  async write(batch: ScriptRecord[]): Promise<void> {
    const keys = await this.ensureColumns(batch);
    const cols = ["_run_id", "_loaded_at", ...keys];
    const perRow = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
    for (let start = 0; start < batch.length; start += perRow) {
      const rows = batch.slice(start, start + perRow);
      const params: unknown[] = [];
      const tuples = rows.map((r) => {
        const base = params.length;
        params.push(this.target.runId, this.loadedAt, ...keys.map((k) => pgValue(r[k], this.columns.get(k))));
        return `(${cols.map((_, i) => `$${base + i + 1}`).join(",")})`;
      });
      await this.c.query(`INSERT INTO ${this.table} (${cols.map(q).join(",")}) VALUES ${tuples.join(",")}`, params);
    }
  }

  async commit(state: FeedState | null): Promise<void> {
    try {
      if (state !== null) await upsertState(this.c, this.w, this.target.feedId, this.target.table, state, this.target.runId);
      await this.c.query("COMMIT");
    } finally {
      await this.c.end().catch(() => {});
    }
  }

  async rollback(): Promise<void> {
    try {
      await this.c.query("ROLLBACK");
    } finally {
      await this.c.end().catch(() => {});
    }
  }
}

async function ensureStateTable(c: pg.Client, w: PgWarehouse) {
  await c.query(`CREATE SCHEMA IF NOT EXISTS ${q(w.schema)}`);
  await c.query(
    `CREATE TABLE IF NOT EXISTS ${q(w.schema)}.${STATE_TABLE} (feed_id bigint PRIMARY KEY, feed_table text NOT NULL, state text NOT NULL, run_id bigint, updated_at timestamptz NOT NULL)`,
  );
}

async function upsertState(c: pg.Client, w: PgWarehouse, feedId: number, table: string, state: FeedState, runId: number | null) {
  const t = `${q(w.schema)}.${STATE_TABLE}`;
  await c.query(`DELETE FROM ${t} WHERE feed_id = $1`, [feedId]);
  await c.query(`INSERT INTO ${t} (feed_id, feed_table, state, run_id, updated_at) VALUES ($1, $2, $3, $4, now())`, [feedId, table, JSON.stringify(state), runId]);
}

export function postgresDestination(w: PgWarehouse): Destination {
  return {
    type: w.type,

    async readState(feedId) {
      return withClient(w, async (c) => {
        const exists = await c.query(`SELECT to_regclass($1) AS t`, [`${q(w.schema)}.${STATE_TABLE}`]);
        if (!exists.rows[0].t) return null;
        const r = await c.query(`SELECT state FROM ${q(w.schema)}.${STATE_TABLE} WHERE feed_id = $1`, [feedId]);
        return r.rows[0] ? (JSON.parse(r.rows[0].state) as FeedState) : null;
      });
    },

    async writeState(feedId, table, state) {
      await withClient(w, async (c) => {
        await c.query("BEGIN");
        await ensureStateTable(c, w);
        if (state === null) await c.query(`DELETE FROM ${q(w.schema)}.${STATE_TABLE} WHERE feed_id = $1`, [feedId]);
        else await upsertState(c, w, feedId, table, state, null);
        await c.query("COMMIT");
      });
    },

    async open(target) {
      const c = await connect(w);
      try {
        await c.query("BEGIN");
        await ensureStateTable(c, w);
        const table = `${q(w.schema)}.${q(target.table)}`;
        await c.query(`CREATE TABLE IF NOT EXISTS ${table} (_run_id bigint, _loaded_at timestamptz)`);
        // Serialises loads of one feed's table; readers are not blocked until TRUNCATE.
        await c.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
        const cols = await c.query(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`,
          [w.schema, target.table],
        );
        const columns = new Map<string, ColumnType>(cols.rows.map((r: { column_name: string; data_type: string }) => [r.column_name, r.data_type as ColumnType]));
        if (target.loadType === "truncate_insert") {
          // TRUNCATE is transactional in PostgreSQL; Redshift commits it at once, so it gets DELETE.
          await c.query(w.type === "redshift" ? `DELETE FROM ${table}` : `TRUNCATE ${table}`);
        }
        return new PgLoader(c, w, target, columns);
      } catch (e) {
        await c.query("ROLLBACK").catch(() => {});
        await c.end().catch(() => {});
        throw e;
      }
    },

    async sampleRows(table, runId, limit) {
      return withClient(w, async (c) => {
        const exists = await c.query(`SELECT to_regclass($1) AS t`, [`${q(w.schema)}.${q(table)}`]);
        if (!exists.rows[0].t) return [];
        return (await c.query(`SELECT * FROM ${q(w.schema)}.${q(table)} WHERE _run_id = $1 LIMIT $2`, [runId, limit])).rows;
      });
    },
  };
}
