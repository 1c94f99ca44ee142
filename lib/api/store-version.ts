import "server-only";
import type Database from "better-sqlite3";
import { getDb } from "@/lib/db/client";
import { onPostgres } from "@/lib/db/dialect";
import { inTransaction } from "@/lib/db/tx";

// Whether the store changed, for in-memory caches: SQLite's `data_version` changes whenever another
// connection commits (the CLI, another process on the same file), `total_changes()` whenever this
// one writes a row. One prepared statement each per connection, a microsecond or two a call.

type State = {
  dataVersion: Database.Statement<[], number>;
  totalChanges: Database.Statement<[], number>;
  // Rows this connection wrote that no cached answer reads (a token's last use): not a new generation.
  discounted: number;
};
const states = new WeakMap<Database.Database, State>();

function state(): State {
  const client = getDb().$client;
  let s = states.get(client);
  if (!s) {
    s = { dataVersion: client.prepare<[], number>("pragma data_version").pluck(), totalChanges: client.prepare<[], number>("select total_changes()").pluck(), discounted: 0 };
    states.set(client, s);
  }
  return s;
}

// On PostgreSQL other console and worker processes commit at any time and nothing here counts
// their commits yet: every call is a new version, so in-memory caches keep nothing (correct, and
// each request reads the store).
let uncounted = 0;

/** Changes when another connection has committed since the last call (what the token cache needs: its own process forgets on its writes). */
export function dataVersion(): number {
  if (onPostgres()) return ++uncounted;
  return state().dataVersion.get()!;
}

/**
 * Changes whenever anything wrote to the store: another connection's commit or a row this process
 * inserted, updated or deleted (except in `outsideStoreGeneration`). A value computed from the store
 * at generation G is current while the generation is still G.
 */
export function storeGeneration(): string {
  if (onPostgres()) return `pg.${++uncounted}`;
  const s = state();
  return `${s.dataVersion.get()!}.${s.totalChanges.get()! - s.discounted}`;
}

/**
 * Runs `write` in a transaction whose rows no generation-keyed cache reads (an API token's last-use
 * time, written on a token's first request every 30 s): the store generation stays as it was, so
 * one token's bookkeeping does not make every kept list be built again. Only this process's own
 * writes can be left out; the rows changed are counted exactly (total_changes before and after:
 * the transaction holds the process's one write lock, so no other write lands in between).
 */
export function outsideStoreGeneration<T>(write: () => T | Promise<T>): Promise<T> {
  if (onPostgres()) return inTransaction(write);
  return inTransaction(async () => {
    const s = state();
    const before = s.totalChanges.get()!;
    try {
      return await write();
    } finally {
      s.discounted += s.totalChanges.get()! - before;
    }
  });
}
