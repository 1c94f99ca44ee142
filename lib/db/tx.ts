import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { sql } from "drizzle-orm";
import { getDb, getReadDb, type Db } from "./client";

// The one transaction seam of the store. Services are async and never hold a connection:
// - `db()` is what they read with: inside a transaction, that transaction (its own writes visible);
//   outside one, the read-only connection, which sees only committed rows.
// - `inTransaction(fn)` is where every write happens. Nested calls (a service calling another that
//   writes) join the open transaction as a savepoint, found through AsyncLocalStorage rather than a
//   handle passed down, so a failure in the inner one can be caught without undoing the outer one.
// - `writeDb()` is the open transaction's handle for code that is always called inside one.
//
// On SQLite a transaction is a BEGIN IMMEDIATE on the process's one writing connection. Awaiting
// inside it would let any other request's statement on that connection land in it, so transactions
// take an in-process lock first: one writer at a time per process (SQLite allows one per file
// anyway; other processes wait through busy_timeout). Nothing slow (no network call, no script)
// belongs inside a transaction: it holds every other write of the process back.

/** What a read may use: no insert, update or delete (those go through `inTransaction`). */
export type ReadDb = Pick<Db, "select" | "selectDistinct" | "$with" | "with">;

type Tx = { db: Db; open: boolean; savepoints: number };

type Shared = { als: AsyncLocalStorage<Tx>; tail: Promise<void> };

// Next bundles route handlers and instrumentation separately; one process shares one lock.
const g = globalThis as unknown as { __switchyardTx?: Shared };
const shared = (): Shared => (g.__switchyardTx ??= { als: new AsyncLocalStorage<Tx>(), tail: Promise.resolve() });

function current(): Tx | undefined {
  const tx = shared().als.getStore();
  return tx?.open ? tx : undefined;
}

/** The handle reads go through: the open transaction's, or the read-only connection's. */
export function db(): ReadDb {
  return current()?.db ?? getReadDb();
}

/** The open transaction's handle; an error when there is none (a write that would escape it). */
export function writeDb(): Db {
  const tx = current();
  if (!tx) throw new Error("A write outside inTransaction: wrap it in inTransaction(...)");
  return tx.db;
}

export function inTransactionNow(): boolean {
  return current() !== undefined;
}

export type TxOptions = {
  /** Roll back at the end even when `fn` succeeds (a dry run), returning what `fn` returned. */
  rollback?: boolean;
};

const ROLLBACK = Symbol("rollback");

export async function inTransaction<T>(fn: (tx: Db) => T | Promise<T>, options: TxOptions = {}): Promise<T> {
  const open = current();
  return open ? savepoint(open, fn, options) : outermost(fn, options);
}

async function savepoint<T>(tx: Tx, fn: (tx: Db) => T | Promise<T>, options: TxOptions): Promise<T> {
  const name = `sp${++tx.savepoints}`;
  const client = tx.db.$client;
  client.exec(`SAVEPOINT ${name}`);
  try {
    const value = await fn(tx.db);
    if (options.rollback) undo(client, name);
    else client.exec(`RELEASE ${name}`);
    return value;
  } catch (e) {
    undo(client, name);
    throw e;
  }
}

// A statement that failed badly (SQLITE_FULL, an interrupt) may have ended the whole transaction,
// and its savepoints with it; the outermost call then only has to say so.
function undo(client: Db["$client"], name: string): void {
  if (client.inTransaction) client.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
}

async function outermost<T>(fn: (tx: Db) => T | Promise<T>, options: TxOptions): Promise<T> {
  const s = shared();
  let release!: () => void;
  const turn = s.tail;
  s.tail = new Promise<void>((r) => (release = r));
  await turn;
  const db = getDb();
  const client = db.$client;
  const tx: Tx = { db, open: true, savepoints: 0 };
  try {
    client.exec("BEGIN IMMEDIATE");
    let value: T;
    try {
      value = await s.als.run(tx, () => fn(db));
      if (options.rollback) throw ROLLBACK;
    } catch (e) {
      tx.open = false;
      if (client.inTransaction) client.exec("ROLLBACK");
      if (e === ROLLBACK) return value!;
      throw e;
    }
    tx.open = false;
    client.exec("COMMIT");
    return value;
  } finally {
    tx.open = false;
    release();
  }
}

/** The first row of a query, or undefined: the portable form of a one-row read. */
export async function first<T>(rows: PromiseLike<T[]>): Promise<T | undefined> {
  return (await rows)[0];
}

/** Whether the store answers a query (the health check). */
export async function ping(): Promise<void> {
  await getReadDb().all(sql`select 1`);
}
