import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { getDb, getPgDb, getReadDb, type Db } from "./client";
import { onPostgres as postgres } from "./dialect";
import { log } from "@/lib/log";

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
// anyway; other processes wait through busy_timeout). On PostgreSQL a transaction also takes one
// transaction-level advisory lock, so writes are serialized across every console and worker
// process exactly as SQLite serializes them: a check-then-insert (a name, a test-run limit, a
// job claim, a schedule's tick) means the same on both stores, and reads never wait for it.
// Nothing slow (no network call, no script) belongs inside a transaction: it holds every other
// write back.

/** What a read may use: no insert, update or delete (those go through `inTransaction`). */
export type ReadDb = Pick<Db, "select" | "selectDistinct" | "$with" | "with">;

type Tx = {
  db: Db;
  open: boolean;
  savepoints: number;
  /** Runs a statement of transaction control (SAVEPOINT, RELEASE, ROLLBACK TO) on this transaction. */
  control(statement: string): Promise<void>;
  /** false when a failed statement already ended the whole transaction (SQLite does, on SQLITE_FULL). */
  alive(): boolean;
  /** What runs once the outermost transaction commits (see `afterCommit`). */
  committed: Array<() => unknown>;
};

type Shared = { als: AsyncLocalStorage<Tx>; tail: Promise<void> };

// Next bundles route handlers and instrumentation separately; one process shares one lock.
const g = globalThis as unknown as { __switchyardTx?: Shared };
const shared = (): Shared => (g.__switchyardTx ??= { als: new AsyncLocalStorage<Tx>(), tail: Promise.resolve() });

function current(): Tx | undefined {
  const tx = shared().als.getStore();
  return tx?.open ? tx : undefined;
}


/** The handle reads go through: the open transaction's, or the read-only connection's (PostgreSQL: the pool). */
export function db(): ReadDb {
  return current()?.db ?? (postgres() ? getPgDb() : getReadDb());
}

/** The open transaction's handle; an error when there is none (a write that would escape it). */
export function writeDb(): Db {
  const tx = current();
  if (!tx) throw new Error("A write outside inTransaction: wrap it in inTransaction(...)");
  return tx.db;
}

/**
 * Runs `fn` once the open transaction commits, and never when it rolls back (nor when the savepoint
 * it was registered in does); at once outside a transaction. For what cannot join the transaction
 * but must follow it: telling a queue engine on another service about a job committed here. A
 * crash between the commit and `fn` loses the call, so what `fn` does must also be recoverable
 * from the store (the BullMQ provider's relay). An error of `fn` is logged.
 */
export function afterCommit(fn: () => unknown): void {
  const tx = current();
  if (tx) tx.committed.push(fn);
  else runAfterCommit(fn);
}

// A callback's failure is logged, never an unhandled rejection (which ends a plain Node process).
function runAfterCommit(fn: () => unknown): void {
  void Promise.resolve()
    .then(fn)
    .catch((e) => log.error("A step after a commit failed", { error: (e as Error).message }));
}

export function inTransactionNow(): boolean {
  return current() !== undefined;
}

export type TxOptions = {
  /** Roll back at the end even when `fn` succeeds (a dry run), returning what `fn` returned. */
  rollback?: boolean;
};

export async function inTransaction<T>(fn: (tx: Db) => T | Promise<T>, options: TxOptions = {}): Promise<T> {
  const open = current();
  return open ? savepoint(open, fn, options) : outermost(fn, options);
}

async function savepoint<T>(tx: Tx, fn: (tx: Db) => T | Promise<T>, options: TxOptions): Promise<T> {
  const name = `sp${++tx.savepoints}`;
  const registered = tx.committed.length;
  await tx.control(`SAVEPOINT ${name}`);
  let value: T;
  try {
    value = await fn(tx.db);
  } catch (e) {
    await undo(tx, name);
    tx.committed.length = registered;
    throw e;
  }
  if (options.rollback) {
    await undo(tx, name);
    tx.committed.length = registered;
  } else await tx.control(`RELEASE ${name}`);
  return value;
}

// A statement that failed badly may have ended the whole transaction, and its savepoints with it;
// the outermost call then only has to say so.
async function undo(tx: Tx, name: string): Promise<void> {
  if (!tx.alive()) return;
  await tx.control(`ROLLBACK TO ${name}`);
  await tx.control(`RELEASE ${name}`);
}

// Serializes this process's transactions (see the top of this file).
async function turn(): Promise<() => void> {
  const s = shared();
  let release!: () => void;
  const previous = s.tail;
  s.tail = new Promise<void>((r) => (release = r));
  await previous;
  return release;
}

class Rollback<T> {
  constructor(readonly value: T) {}
}

async function outermost<T>(fn: (tx: Db) => T | Promise<T>, options: TxOptions): Promise<T> {
  const release = await turn();
  const committed: Array<() => unknown> = [];
  let value: T;
  try {
    value = await (postgres() ? outermostPg(fn, options, committed) : outermostSqlite(fn, options, committed));
  } catch (e) {
    if (e instanceof Rollback) return e.value as T;
    throw e;
  } finally {
    release();
  }
  // After the lock is released: what follows a commit never holds other writers back.
  for (const f of committed) runAfterCommit(f);
  return value;
}

async function run<T>(tx: Tx, fn: (tx: Db) => T | Promise<T>, options: TxOptions): Promise<T> {
  try {
    const value = await shared().als.run(tx, () => fn(tx.db));
    if (options.rollback) throw new Rollback(value);
    return value;
  } finally {
    tx.open = false;
  }
}

async function outermostSqlite<T>(fn: (tx: Db) => T | Promise<T>, options: TxOptions, committed: Tx["committed"]): Promise<T> {
  const db = getDb();
  const client = db.$client;
  const tx: Tx = { db, open: true, savepoints: 0, control: async (statement) => void client.exec(statement), alive: () => client.inTransaction, committed };
  client.exec("BEGIN IMMEDIATE");
  try {
    const value = await run(tx, fn, options);
    client.exec("COMMIT");
    return value;
  } catch (e) {
    if (client.inTransaction) client.exec("ROLLBACK");
    throw e;
  }
}

// Any 64-bit key of our own: the one advisory lock every write of the store takes.
const WRITE_LOCK = 0x5357_4954_4348; // "SWITCH"

async function outermostPg<T>(fn: (tx: Db) => T | Promise<T>, options: TxOptions, committed: Tx["committed"]): Promise<T> {
  const pgDb = getPgDb() as unknown as NodePgDatabase;
  return pgDb.transaction(async (ptx) => {
    await ptx.execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK})`);
    const tx: Tx = { db: ptx as unknown as Db, open: true, savepoints: 0, control: async (statement) => void (await ptx.execute(sql.raw(statement))), alive: () => true, committed };
    return run(tx, fn, options);
  });
}

/** The first row of a query, or undefined: the portable form of a one-row read. */
export async function first<T>(rows: PromiseLike<T[]>): Promise<T | undefined> {
  return (await rows)[0];
}

/** Whether the store answers a query (the health check). */
export async function ping(): Promise<void> {
  if (postgres()) await (getPgDb() as unknown as NodePgDatabase).execute(sql`select 1`);
  else getReadDb().all(sql`select 1`);
}
