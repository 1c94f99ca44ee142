import "server-only";
import pg from "pg";
import { dialFor } from "@/lib/drivers/dial";
import { classify } from "@/lib/drivers/errors";
import { DriverError } from "@/lib/drivers/types";
import { STATE_TABLE, type Destination, type FeedState } from "./destination";
import { columnKinds, PgCopyLoader, pgTableColumns, q, RedshiftLoader } from "./pg-loader";
import type { Warehouse } from "./warehouse-schemas";

type PgWarehouse = Extract<Warehouse, { type: "postgres" | "redshift" }>;


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
        // Timestamps widened to text keep one ISO 8601 form whatever the server's time zone.
        if (w.type === "postgres") await c.query("SET LOCAL TIME ZONE 'UTC'");
        await ensureStateTable(c, w);
        const table = `${q(w.schema)}.${q(target.table)}`;
        await c.query(`CREATE TABLE IF NOT EXISTS ${table} (_run_id bigint, _loaded_at timestamptz)`);
        // Serialises loads of one feed's table; readers are not blocked until TRUNCATE.
        await c.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
        const columns = await columnKinds(c, w.schema, target.table);
        if (target.loadType === "truncate_insert") {
          // TRUNCATE is transactional in PostgreSQL; Redshift commits it at once, so it gets DELETE.
          await c.query(w.type === "redshift" ? `DELETE FROM ${table}` : `TRUNCATE ${table}`);
        }
        const saveState = (client: pg.Client, state: FeedState) => upsertState(client, w, target.feedId, target.table, state, target.runId);
        return w.type === "redshift" ? new RedshiftLoader(c, w.schema, target, columns, saveState) : new PgCopyLoader(c, w.schema, target, columns, saveState);
      } catch (e) {
        await c.query("ROLLBACK").catch(() => {});
        await c.end().catch(() => {});
        throw e;
      }
    },

    async columns(table) {
      return withClient(w, async (c) => {
        const columns = await pgTableColumns(c, w.schema, table);
        return columns.length ? columns : null;
      });
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
