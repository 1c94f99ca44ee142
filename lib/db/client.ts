import "server-only";
import fs from "node:fs";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import { dataDir, dataPath, migrationsDir } from "@/lib/config";
import { postgresUrl } from "./dialect";
import * as pgSchema from "./pg-schema";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

type Store = { db: Db; file: string; reader?: Db };

type PgStore = { url: string; pool: pg.Pool; db: Db };

// Next bundles route handlers, pages and instrumentation separately; one process must still share
// one connection, so the handle lives on globalThis rather than in module scope.
const globalStore = globalThis as unknown as { __switchyardDb?: Store; __switchyardPg?: PgStore };

export function openDatabase(file: string): Db {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  // Deleted and overwritten rows are zeroed, so a secret replaced by its ciphertext (or a revoked
  // token's row) does not linger in free pages of the file.
  sqlite.pragma("secure_delete = ON");
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: migrationsDir() });
  return db;
}

export function getDb(): Db {
  const file = dataPath("console.db");
  const cached = globalStore.__switchyardDb;
  if (cached && cached.file === file) return cached.db;
  fs.mkdirSync(dataDir(), { recursive: true, mode: 0o700 });
  const db = openDatabase(file);
  globalStore.__switchyardDb = { db, file };
  return db;
}

/**
 * A second, read-only connection to the same file: what reads outside a transaction use
 * (lib/db/tx.ts `db()`). In WAL mode it sees every committed write and never an open transaction's,
 * so a request that reads while another one's transaction is open (and may still roll back, as a
 * dry run always does) reads only what is committed. It cannot write: a write outside
 * `inTransaction` fails at once instead of landing in someone else's transaction.
 */
export function getReadDb(): Db {
  getDb(); // opens (and migrates) the store of the current DATA_DIR
  const store = globalStore.__switchyardDb!;
  if (!store.reader) {
    const sqlite = new Database(store.file, { readonly: true, fileMustExist: true });
    sqlite.pragma("busy_timeout = 5000");
    store.reader = drizzle(sqlite, { schema }) as Db;
  }
  return store.reader;
}

/**
 * The PostgreSQL store's pool (DATABASE_URL), as the handle services are typed against: its query
 * builders take the same calls (lib/db/tables.ts gives them the PostgreSQL table objects), and
 * nothing outside lib/db uses the SQLite-only ones (lib/db/store-boundary.test.ts). Migrations are
 * applied at start (lib/bootstrap.ts), not here: opening a pool does no I/O.
 */
export function getPgDb(): Db {
  const url = postgresUrl();
  if (!url) throw new Error("DATABASE_URL is not set: this process runs on the embedded SQLite store");
  const cached = globalStore.__switchyardPg;
  if (cached && cached.url === url) return cached.db;
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.SWITCHYARD_PG_POOL) || 10 });
  // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const db = drizzlePg(pool, { schema: pgSchema }) as unknown as Db;
  globalStore.__switchyardPg = { url, pool, db };
  return db;
}

export async function closePgDb(): Promise<void> {
  const store = globalStore.__switchyardPg;
  globalStore.__switchyardPg = undefined;
  await store?.pool.end();
}

export function closeDb(): void {
  globalStore.__switchyardDb?.reader?.$client.close();
  globalStore.__switchyardDb?.db.$client.close();
  globalStore.__switchyardDb = undefined;
}
