import "server-only";
import crypto from "node:crypto";
import { Queue, Worker, type Job as Delivery } from "bullmq";
import { Redis } from "ioredis";
import { eq } from "drizzle-orm";
import { db, first, inTransaction } from "@/lib/db/tx";
import { settings } from "@/lib/db/tables";
import { log } from "@/lib/log";
import { leaseMs } from "./timing";

// The BullMQ provider's connections (lib/jobs/bullmq.ts): one Redis connection for handing jobs
// over, one for workers, a Queue and a Worker per job type, all under this installation's prefix,
// and the time limit on every Redis call.

// No Redis call the worker's tick or a request makes waits longer than this: a Redis that does not
// answer (down, partitioned, a half-open connection) must not stop schedules or hang a stop.
const REDIS_WAIT_MS = 5_000;

export type Engine = {
  producer: Redis;
  consumer?: Redis;
  queues: Map<string, Queue>;
  workers: Map<string, Worker>;
  /** What this process claimed, by `<job id>:<attempt>`: the delivery and the lock token each heartbeat and completion needs. */
  held: Map<string, { delivery: Delivery; token: string }>;
  lastRelay: number;
  /** Where the relay goes on from: it walks every due queued job, a batch per pass. */
  relayAfterId: number;
};

const g = globalThis as unknown as { __switchyardBullmq?: Engine };

// ioredis reports every reconnect attempt: while Redis is down, once a minute per kind is enough.
const lastWarned = new Map<string, number>();
export function warnOnce(what: string, error: Error): void {
  const now = Date.now();
  if (now - (lastWarned.get(what) ?? 0) < 60_000) return;
  lastWarned.set(what, now);
  log.warn(what, { error: error.message });
}

export function redisUrl(): string | undefined {
  return process.env.REDIS_URL || undefined;
}

const INSTALLATION_KEY = "queue.installation";
let prefixOnce: Promise<string> | undefined;

/**
 * The key prefix of this installation's queues: SWITCHYARD_QUEUE_PREFIX (default `switchyard`) and
 * an id the store keeps (created by the first process that needs it). Every process of one
 * installation agrees on it however it names the database (a host name, an address, a pooler),
 * and two installations sharing a Redis never take each other's jobs.
 */
export function queuePrefix(): Promise<string> {
  prefixOnce ??= installationId().then(
    (id) => `${process.env.SWITCHYARD_QUEUE_PREFIX || "switchyard"}:${id}`,
    (e) => {
      prefixOnce = undefined;
      throw e;
    },
  );
  return prefixOnce;
}

async function installationId(): Promise<string> {
  const read = async () => (await first(db().select().from(settings).where(eq(settings.key, INSTALLATION_KEY))))?.value;
  const found = await read();
  if (typeof found === "string") return found;
  await inTransaction((tx) => tx.insert(settings).values({ key: INSTALLATION_KEY, value: crypto.randomBytes(6).toString("hex") }).onConflictDoNothing());
  return String(await read());
}

/** `p`, or an error once it has taken longer than `ms` (what it was doing may still finish in Redis). */
export function within<T>(p: Promise<T>, what: string, ms = REDIS_WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms (${what})`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function engine(): Engine {
  if (g.__switchyardBullmq) return g.__switchyardBullmq;
  const url = redisUrl();
  if (!url) throw new Error("The BullMQ queue needs REDIS_URL");
  // Enqueuing fails fast when Redis is down (the relay hands the job over later); workers wait for it.
  const producer = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  producer.on("error", (e) => warnOnce("Redis (queue) unreachable", e));
  g.__switchyardBullmq = { producer, queues: new Map(), workers: new Map(), held: new Map(), lastRelay: 0, relayAfterId: 0 };
  return g.__switchyardBullmq;
}

export async function queueOf(type: string): Promise<Queue> {
  const prefix = await queuePrefix();
  const e = engine();
  let q = e.queues.get(type);
  if (!q) {
    q = new Queue(type, { connection: e.producer, prefix });
    q.on("error", (err) => warnOnce(`Queue ${type}: error`, err));
    e.queues.set(type, q);
  }
  return q;
}

export async function workerOf(type: string): Promise<Worker> {
  const prefix = await queuePrefix();
  const e = engine();
  let w = e.workers.get(type);
  if (!w) {
    if (!e.consumer) {
      e.consumer = new Redis(redisUrl()!, { maxRetriesPerRequest: null });
      e.consumer.on("error", (err) => warnOnce("Redis (worker) unreachable", err));
    }
    // No processor and no autorun: the worker of lib/jobs/worker.ts asks for each job (getNextJob),
    // and its heartbeat is the only thing renewing a lock (a process that stops beating loses it).
    w = new Worker(type, null, {
      connection: e.consumer,
      prefix,
      autorun: false,
      lockDuration: leaseMs(),
      skipLockRenewal: true,
      // A dead worker's job is found within the lease plus this (its lock expires, the next check sees it).
      stalledInterval: Math.max(250, Math.floor(leaseMs() / 10)),
      maxStalledCount: 0,
    });
    w.on("error", (err) => warnOnce(`Queue worker ${type}: error`, err));
    void w.startStalledCheckTimer().catch((err) => log.warn("Stalled-job check did not start", { type, error: (err as Error).message }));
    e.workers.set(type, w);
  }
  return w;
}

/** Closes this process's connections to Redis (the worker's stop, tests). */
export async function closeBullmq(): Promise<void> {
  const e = g.__switchyardBullmq;
  if (!e) return;
  g.__switchyardBullmq = undefined;
  await Promise.allSettled([...e.workers.values()].map((w) => w.close(true)));
  await Promise.allSettled([...e.queues.values()].map((q) => q.close()));
  e.producer.disconnect();
  e.consumer?.disconnect();
}
