import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

// Test fixtures that read or set what the suite's server stored, whichever store it runs on: the
// embedded SQLite file under its DATA_DIR, or PostgreSQL in the distributed mode (E2E_DATABASE_URL,
// scripts/e2e.mjs). SQL with `?` placeholders, in the subset both read the same way.

const ownStores = new Map<string, string>();

/** Says that the servers on `dataDir` (a spec's own cluster) keep their store in PostgreSQL at `url`. */
export function registerPostgresStore(dataDir: string, url: string): void {
  ownStores.set(dataDir, url);
}

/** The PostgreSQL store of the servers at `dataDir`: the suite's in the distributed mode, or a spec's own cluster's. */
export function postgresStoreOf(dataDir: string): string | null {
  return ownStores.get(dataDir) ?? (dataDir === process.env.E2E_DATA_DIR ? (process.env.E2E_DATABASE_URL ?? null) : null);
}

export async function storeQuery<T = Record<string, unknown>>(text: string, params: unknown[] = [], dataDir = process.env.E2E_DATA_DIR!): Promise<T[]> {
  const url = postgresStoreOf(dataDir);
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      let n = 0;
      return (await client.query(text.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(dataDir, "console.db"));
  try {
    db.pragma("busy_timeout = 10000");
    const stmt = db.prepare(text);
    if (stmt.reader) return stmt.all(...params) as T[];
    stmt.run(...params);
    return [];
  } finally {
    db.close();
  }
}

/** A timestamp column as epoch milliseconds (SQLite stores them so; PostgreSQL answers a Date). */
export const epochMs = (v: unknown): number | null => (v === null || v === undefined ? null : v instanceof Date ? v.getTime() : Number(v));

/** A JSON column as text (SQLite stores text; PostgreSQL's jsonb arrives parsed). */
export const jsonText = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v));
