import "server-only";
import { count, eq, sql } from "drizzle-orm";
import { conflict, notFound } from "@/lib/api/errors";
import { getDb, type Db } from "@/lib/db/client";
import { connections, feeds, type Connection, type ConnectionOf, type ConnectionRow } from "@/lib/db/schema";
import { decryptJson, encryptJson } from "@/lib/secrets/cipher";
import { isConnectionId } from "./ids";

// Row-level helpers every connection kind shares: lookup, name uniqueness, secrets, usage.

// Lookups by id and by name run on every read of one connection: prepared once per store, they
// cost an index search instead of building and compiling the SQL each time (~15 µs, not ~180).
const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  return {
    byId: db.select().from(connections).where(eq(connections.id, sql.placeholder("id"))).prepare(),
    byName: db
      .select()
      .from(connections)
      .where(sql`lower(${connections.name}) = ${sql.placeholder("name")}`)
      .prepare(),
  };
}

function statements() {
  const db = getDb();
  let p = prepared.get(db);
  if (!p) {
    p = prepare(db);
    prepared.set(db, p);
  }
  return p;
}

/**
 * The one place a connections row becomes a Connection: its config is the shape its kind stores
 * (lib/db/json-columns.ts), which every write of that kind produces. Every read goes through here.
 */
export function asConnection(row: ConnectionRow): Connection;
export function asConnection<K extends Connection["kind"]>(row: ConnectionRow, kind: K): ConnectionOf<K>;
export function asConnection(row: ConnectionRow, kind?: Connection["kind"]): Connection {
  if (kind && row.kind !== kind) throw new Error(`A ${row.kind} connection where a ${kind} one was expected`);
  return row as Connection;
}

const maybe = (row: ConnectionRow | undefined) => (row ? asConnection(row) : undefined);

export function findConnection(id: string): Connection | undefined {
  if (!isConnectionId(id)) return undefined;
  return maybe(statements().byId.get({ id }));
}

export function requireConnection<K extends Connection["kind"]>(id: string, kind: K): ConnectionOf<K>;
export function requireConnection(id: string): Connection;
export function requireConnection(id: string, kind?: Connection["kind"]): Connection {
  const row = findConnection(id);
  if (!row || (kind && row.kind !== kind)) throw notFound("Connection");
  return row;
}

export function findConnectionByName(name: string): Connection | undefined {
  return maybe(statements().byName.get({ name: name.trim().toLowerCase() }));
}

export function assertNameFree(name: string, exceptId?: string): void {
  const other = findConnectionByName(name);
  if (other && other.id !== exceptId) {
    throw conflict(`A connection named ${other.name} already exists`, { name: "This name is already taken" });
  }
}

export function readSecrets<T extends Record<string, unknown>>(row: Pick<Connection, "secrets">): Partial<T> {
  return row.secrets ? decryptJson<Partial<T>>(row.secrets) : {};
}

export function sealSecrets(values: Record<string, unknown>): string | null {
  const present = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && !(typeof v === "object" && Object.keys(v as object).length === 0)));
  return Object.keys(present).length ? encryptJson(present) : null;
}

export function feedsUsing(connectionId: string): { id: number; name: string | null }[] {
  return getDb().select({ id: feeds.id, name: feeds.name }).from(feeds).where(eq(feeds.connectionId, connectionId)).all();
}

export function feedCountsByConnection(): Map<string, number> {
  const rows = getDb()
    .select({ id: feeds.connectionId, n: count() })
    .from(feeds)
    .groupBy(feeds.connectionId)
    .all();
  return new Map(rows.filter((r) => r.id).map((r) => [r.id!, r.n]));
}
