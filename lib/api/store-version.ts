import "server-only";
import type Database from "better-sqlite3";
import { getDb } from "@/lib/db/client";

// Whether the store changed, for in-memory caches: SQLite's `data_version` changes whenever another
// connection commits (the CLI, another process on the same file), `total_changes()` whenever this
// one writes a row. One prepared statement per connection, a few microseconds a call.

type Statements = { dataVersion: Database.Statement<[], number>; totalChanges: Database.Statement<[], number> };
const statements = new WeakMap<Database.Database, Statements>();

function versions(): { v: number; c: number } {
  const client = getDb().$client;
  let s = statements.get(client);
  if (!s) {
    s = { dataVersion: client.prepare<[], number>("pragma data_version").pluck(), totalChanges: client.prepare<[], number>("select total_changes()").pluck() };
    statements.set(client, s);
  }
  return { v: s.dataVersion.get()!, c: s.totalChanges.get()! };
}

/** Changes when another connection has committed since the last call (what the token cache needs: its own process forgets on its writes). */
export function dataVersion(): number {
  return versions().v;
}

/**
 * Changes whenever anything wrote to the store: another connection's commit or a row this process
 * inserted, updated or deleted. A value computed from the store at generation G is current while
 * the generation is still G.
 */
export function storeGeneration(): string {
  const { v, c } = versions();
  return `${v}.${c}`;
}
