import "server-only";
import { getDb } from "@/lib/db/client";
import { onPostgres } from "@/lib/db/dialect";
import { inTransactionNow } from "@/lib/db/tx";
import { storeGeneration } from "./store-version";

// Answers that depend only on what is stored (the lists of a thousand connections), kept serialized
// until the store changes: any write by this process or a commit by another one (the CLI) moves the
// store generation, and the first request after it builds the answer again. Bounded in entries and
// bytes; a query string nobody repeats just pushes out the oldest entry.

const MAX_ENTRIES = 64;
const MAX_BYTES = 16 * 1024 * 1024;

let client: unknown = null;
let generation: string | null = null;
let bytes = 0;
const entries = new Map<string, Uint8Array>();

function forget(): void {
  entries.clear();
  bytes = 0;
}

/**
 * The JSON of `build()` for `key` at the store's current generation: built and serialized once per
 * generation, then the same bytes for every request. `build` must read nothing but the store and
 * what `key` names (no caller's role, no clock), and nothing written in `outsideStoreGeneration`
 * (an API token's last-use time). Inside a transaction nothing is kept (the rows read may still roll back).
 */
export async function cachedJson(key: string, build: () => unknown): Promise<Uint8Array> {
  // PostgreSQL: other processes commit at any time and no generation counts them yet (store-version.ts).
  if (onPostgres()) return Buffer.from(JSON.stringify(await build()));
  const db = getDb().$client;
  // While a transaction is open its rows count in the generation but may still roll back (a dry
  // run always does): nothing built then is kept.
  if (inTransactionNow() || db.inTransaction) return Buffer.from(JSON.stringify(await build()));
  // Another store (a test's DATA_DIR) may well be at the same generation number.
  const now = storeGeneration();
  if (db !== client || now !== generation) {
    forget();
    client = db;
    generation = now;
  }
  const hit = entries.get(key);
  if (hit) return hit;
  const body = Buffer.from(JSON.stringify(await build()));
  // A commit during the build (by this request or, while it awaited, any other) leaves nothing
  // stale: the entry is kept under the generation read before the build, which is then already gone.
  if (db.inTransaction || storeGeneration() !== now || generation !== now || client !== db) return body;
  if (body.byteLength <= MAX_BYTES / 4) {
    while (entries.size >= MAX_ENTRIES || (entries.size && bytes + body.byteLength > MAX_BYTES)) {
      const [oldest, b] = entries.entries().next().value!;
      entries.delete(oldest);
      bytes -= b.byteLength;
    }
    entries.set(key, body);
    bytes += body.byteLength;
  }
  return body;
}

/** Drops every kept answer (tests; a process that changes what answers depend on without writing). */
export function forgetCachedJson(): void {
  forget();
  client = null;
  generation = null;
}
