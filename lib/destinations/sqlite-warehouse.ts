import "server-only";
import fs from "node:fs";
import Database from "better-sqlite3";
import { dataDir, dataPath } from "@/lib/config";
import type { ScriptRecord } from "@/lib/runners/run-script";
import { logLoad, STATE_TABLE, type Destination, type FeedState, type LoadTarget, type Loader } from "./destination";
import { acquire } from "./mutex";
import { Columns, MISFIT, quoteIdent, tableColumns } from "./sqlite-columns";

export { quoteIdent };

export function warehousePath(): string {
  return dataPath("warehouse.db");
}

function open(readonly = false): Database.Database {
  fs.mkdirSync(dataDir(), { recursive: true, mode: 0o700 });
  const db = new Database(warehousePath(), readonly && fs.existsSync(warehousePath()) ? { readonly: true } : {});
  if (!readonly) db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  return db;
}

function ensureStateTable(db: Database.Database) {
  db.exec(`CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (feed_id INTEGER PRIMARY KEY, feed_table TEXT NOT NULL, state TEXT NOT NULL, run_id INTEGER, updated_at TEXT NOT NULL)`);
}

/**
 * The warehouse's one write lock. The in-process mutex queues this process's loads; another process
 * on the same DATA_DIR (a `switchyard worker`) may hold the lock too, and waiting for it inside
 * better-sqlite3 (busy_timeout) would block this process's event loop, its heartbeats and its other
 * runs, then give up after 5 s. So it is tried without blocking, and again after a short wait,
 * until it is free or the run is cancelled (`signal`).
 */
async function beginImmediate(db: Database.Database, signal?: AbortSignal): Promise<void> {
  db.pragma("busy_timeout = 0");
  try {
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      signal?.throwIfAborted();
      try {
        db.exec("BEGIN IMMEDIATE");
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== "SQLITE_BUSY") throw e;
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  } finally {
    db.pragma("busy_timeout = 5000");
  }
}

// Rows per INSERT: fewer, larger statements cut the per-call cost; SQLite allows 32,766 parameters.
const ROWS_PER_INSERT = 32;

class SqliteLoader implements Loader {
  private columns: Columns;
  private loadedAt = new Date().toISOString();

  constructor(
    private db: Database.Database,
    private target: LoadTarget,
    private release: () => void,
  ) {
    this.columns = new Columns(db, target.table, (line) => logLoad(target, line));
  }

  write(batch: ScriptRecord[]): void {
    const { runId } = this.target;
    let i = 0;
    while (i < batch.length) {
      // A run of records with the same keys in the same order goes in multi-row INSERTs.
      const all = Object.keys(batch[i]);
      let end = i + 1;
      while (end < batch.length && end - i < ROWS_PER_INSERT * 64 && sameKeys(batch[end], all)) end++;
      const keys = all.filter((k) => this.columns.column(k));
      // Keys without a column have been seen only with nulls: a value there needs a new column.
      const absent = all.filter((k) => !this.columns.column(k));
      const cells = keys.map((k) => this.columns.column(k)!.cell);
      const sig = keys.join("\u0001");
      const width = keys.length + 2;
      const perInsert = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(32_000 / width)));
      let start = i;
      rows: while (start < end) {
        const rows = Math.min(perInsert, end - start);
        const params = new Array(rows * width);
        let p = 0;
        for (let r = start; r < start + rows; r++) {
          const record = batch[r];
          params[p++] = runId;
          params[p++] = this.loadedAt;
          for (let k = 0; k < keys.length; k++) {
            const cell = cells[k](record[keys[k]]);
            if (cell === MISFIT) break rows;
            params[p++] = cell;
          }
          for (let a = 0; a < absent.length; a++) if (record[absent[a]] !== null && record[absent[a]] !== undefined) break rows;
        }
        this.columns.statementFor(keys, sig, rows).run(params);
        start += rows;
      }
      // A value did not fit: add or widen columns for the rest of the batch (widening converts the
      // rows already inserted too), then go on from the first row not inserted.
      if (start < end && !this.columns.prepare(batch.slice(start))) throw new Error(`Record ${start + 1} of the batch fits no column change; this is a bug`);
      i = start;
    }
  }

  async commit(state: FeedState | null): Promise<void> {
    try {
      if (state !== null) {
        this.db
          .prepare(
            `INSERT INTO ${STATE_TABLE} (feed_id, feed_table, state, run_id, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT(feed_id) DO UPDATE SET feed_table = excluded.feed_table, state = excluded.state, run_id = excluded.run_id, updated_at = excluded.updated_at`,
          )
          .run(this.target.feedId, this.target.table, JSON.stringify(state), this.target.runId, new Date().toISOString());
      }
      this.db.exec("COMMIT");
    } finally {
      this.close();
    }
  }

  async rollback(): Promise<void> {
    try {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
    } finally {
      this.close();
    }
  }

  private close() {
    if (this.db.open) this.db.close();
    this.release();
  }
}

function sameKeys(record: ScriptRecord, keys: string[]): boolean {
  let n = 0;
  for (const k in record) {
    if (k !== keys[n++]) return false;
  }
  return n === keys.length;
}

export const sqliteWarehouse: Destination = {
  type: "sqlite",

  async readState(feedId) {
    if (!fs.existsSync(warehousePath())) return null;
    const db = open(true);
    try {
      const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(STATE_TABLE);
      if (!exists) return null;
      const row = db.prepare(`SELECT state FROM ${STATE_TABLE} WHERE feed_id = ?`).get(feedId) as { state: string } | undefined;
      return row ? (JSON.parse(row.state) as FeedState) : null;
    } finally {
      db.close();
    }
  },

  async writeState(feedId, table, state) {
    const release = await acquire(warehousePath());
    const db = open();
    try {
      ensureStateTable(db);
      if (state === null) db.prepare(`DELETE FROM ${STATE_TABLE} WHERE feed_id = ?`).run(feedId);
      else
        db.prepare(
          `INSERT INTO ${STATE_TABLE} (feed_id, feed_table, state, run_id, updated_at) VALUES (?, ?, ?, NULL, ?)
           ON CONFLICT(feed_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
        ).run(feedId, table, JSON.stringify(state), new Date().toISOString());
    } finally {
      db.close();
      release();
    }
  },

  async open(target) {
    const release = await acquire(warehousePath(), target.signal);
    let db: Database.Database | undefined;
    try {
      db = open();
      await beginImmediate(db, target.signal);
      // Inside the transaction: creating a table takes the write lock another process may hold.
      ensureStateTable(db);
      db.exec(`CREATE TABLE IF NOT EXISTS ${quoteIdent(target.table)} ("_run_id" INTEGER, "_loaded_at" TEXT)`);
      // Replace, not append: readers keep seeing the old rows until this transaction commits.
      if (target.loadType === "truncate_insert") db.exec(`DELETE FROM ${quoteIdent(target.table)}`);
      return new SqliteLoader(db, target, release);
    } catch (e) {
      if (db?.inTransaction) db.exec("ROLLBACK");
      db?.close();
      release();
      throw e;
    }
  },

  async columns(table) {
    if (!fs.existsSync(warehousePath())) return null;
    const db = open(true);
    try {
      const columns = tableColumns(db, table);
      return columns.length ? columns.map(({ name, type }) => ({ name, type })) : null;
    } finally {
      db.close();
    }
  },

  async sampleRows(table, runId, limit) {
    if (!fs.existsSync(warehousePath())) return [];
    const db = open(true);
    try {
      const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
      if (!exists) return [];
      return db.prepare(`SELECT * FROM ${quoteIdent(table)} WHERE _run_id = ? LIMIT ?`).all(runId, limit) as ScriptRecord[];
    } finally {
      db.close();
    }
  },
};
