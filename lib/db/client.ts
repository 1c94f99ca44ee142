import "server-only";
import fs from "node:fs";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { dataDir, dataPath, migrationsDir } from "@/lib/config";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

type Store = { db: Db; file: string; reader?: Db };

// Next bundles route handlers, pages and instrumentation separately; one process must still share
// one connection, so the handle lives on globalThis rather than in module scope.
const globalStore = globalThis as unknown as { __switchyardDb?: Store };

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

export function closeDb(): void {
  globalStore.__switchyardDb?.reader?.$client.close();
  globalStore.__switchyardDb?.db.$client.close();
  globalStore.__switchyardDb = undefined;
}
