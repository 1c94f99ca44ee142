import "server-only";
import { count, eq, sql } from "drizzle-orm";
import { conflict, notFound } from "@/lib/api/errors";
import { onPostgres } from "@/lib/db/dialect";
import { db, type ReadDb } from "@/lib/db/tx";
import { connections, feeds, type Connection, type ConnectionOf, type ConnectionRow } from "@/lib/db/tables";
import { decryptJson, encryptJson } from "@/lib/secrets/cipher";
import { isConnectionId } from "./ids";

// Row-level helpers every connection kind shares: lookup, name uniqueness, secrets, usage.

// Lookups by id and by name run on every read of one connection: prepared once per handle, they
// cost an index search instead of building and compiling the SQL each time (~15 µs, not ~180).
// One set per handle db() returns (the read-only connection, or the writer inside a transaction):
// a statement belongs to the connection it was prepared on.
type Lookups = {
  byId: { execute(p: { id: string }): Promise<ConnectionRow[]> };
  byName: { execute(p: { name: string }): Promise<ConnectionRow[]> };
};
const prepared = new WeakMap<ReadDb, Lookups>();

const byNameWhere = (name: unknown) => sql`lower(${connections.name}) = ${name}`;

function prepare(handle: ReadDb): Lookups {
  // PostgreSQL: node-postgres keeps a prepared statement per pooled connection only when it is
  // named, and drizzle's names are per query; plain queries are what the pool gets.
  if (onPostgres()) {
    return {
      byId: { execute: ({ id }) => handle.select().from(connections).where(eq(connections.id, id)) },
      byName: { execute: ({ name }) => handle.select().from(connections).where(byNameWhere(name)) },
    };
  }
  return {
    byId: handle.select().from(connections).where(eq(connections.id, sql.placeholder("id"))).prepare(),
    byName: handle.select().from(connections).where(byNameWhere(sql.placeholder("name"))).prepare(),
  };
}

function statements() {
  const handle = db();
  let p = prepared.get(handle);
  if (!p) {
    p = prepare(handle);
    prepared.set(handle, p);
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

const maybe = (rows: ConnectionRow[]) => (rows[0] ? asConnection(rows[0]) : undefined);

export async function findConnection(id: string): Promise<Connection | undefined> {
  if (!isConnectionId(id)) return undefined;
  return maybe(await statements().byId.execute({ id }));
}

export function requireConnection<K extends Connection["kind"]>(id: string, kind: K): Promise<ConnectionOf<K>>;
export function requireConnection(id: string): Promise<Connection>;
export async function requireConnection(id: string, kind?: Connection["kind"]): Promise<Connection> {
  const row = await findConnection(id);
  if (!row || (kind && row.kind !== kind)) throw notFound("Connection");
  return row;
}

export async function findConnectionByName(name: string): Promise<Connection | undefined> {
  return maybe(await statements().byName.execute({ name: name.trim().toLowerCase() }));
}

export async function assertNameFree(name: string, exceptId?: string): Promise<void> {
  const other = await findConnectionByName(name);
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

export async function feedsUsing(connectionId: string): Promise<{ id: number; name: string | null }[]> {
  return await db().select({ id: feeds.id, name: feeds.name }).from(feeds).where(eq(feeds.connectionId, connectionId));
}

export async function feedCountsByConnection(): Promise<Map<string, number>> {
  const rows = await db()
    .select({ id: feeds.connectionId, n: count() })
    .from(feeds)
    .groupBy(feeds.connectionId);
  return new Map(rows.filter((r) => r.id).map((r) => [r.id!, r.n]));
}
