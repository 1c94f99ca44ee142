import "server-only";
import crypto from "node:crypto";
import path from "node:path";
import { Queue, Worker, type Job as Delivery } from "bullmq";
import { Redis } from "ioredis";
import { and, asc, eq, lt, sql } from "drizzle-orm";
import { afterCommit, db, first, inTransaction } from "@/lib/db/tx";
import { postgresUrl } from "@/lib/db/dialect";
import { jobs, type Job } from "@/lib/db/tables";
import { log } from "@/lib/log";
import type { JobDefinition, LostJob } from "./define";
import { embeddedQueue, reapJob } from "./embedded";
import type { JobQueue } from "./provider";
import { leaseMs } from "./timing";

// The distributed provider: BullMQ on Redis (REDIS_URL) delivers the jobs, the store keeps them.
//
// - The `jobs` table stays the record of every job (its id, payload, status, attempts, result):
//   runs, Keboola's /queue/job/{id} and the console read it, on either provider, and a job is
//   written in the caller's transaction, so a run and its job commit together.
// - BullMQ holds what a queue engine is for: which job is due (waiting and delayed lists), which
//   worker has it (a lock each heartbeat extends: `extendLock` replaces our lease), and which worker
//   died (its stalled-job check, run by every worker process).
// - Redis cannot join the store's transaction, so a job is handed to BullMQ after the commit
//   (`afterCommit`); the table is the outbox. A crash between the two, or a Redis that was down,
//   is caught by the relay in `reapExpired`: a job due for a while that BullMQ does not hold is
//   handed over again.
// - Each delivery is named `<type>` queue, id `job:<id>:<attempt>`, so handing one over twice is a
//   no-op (BullMQ ignores a known id), and a delivery of an earlier attempt is recognised and
//   dropped when claimed.
// - The domain's rules stay in the domain: BullMQ tries each delivery once (`attempts: 1`); a lost
//   job is retried or failed by `reapJob` exactly as the embedded provider does, and one load per
//   feed is the definition's `claimableWhen`, checked when a delivery is claimed (a delivery that
//   may not run yet goes back as delayed).

const DROP_ENDED_AFTER_S = 3600;
// A due job BullMQ has not handed out after this long is checked by the relay.
const RELAY_AFTER_MS = 5_000;
const RELAY_EVERY_MS = 5_000;
const RELAY_BATCH = 100;
// A delivery that may not run yet (its feed's other load is running) is looked at again after this.
const NOT_YET_MS = 1_000;
// How far ahead of the row's run_at a delivery may come due (the hosts' clocks differ a little).
const CLOCK_SKEW_MS = 1_000;

type Engine = {
  producer: Redis;
  consumer?: Redis;
  queues: Map<string, Queue>;
  workers: Map<string, Worker>;
  /** What this process claimed: the delivery and the lock token each heartbeat and completion needs. */
  held: Map<number, { delivery: Delivery; token: string }>;
  lastRelay: number;
};

const g = globalThis as unknown as { __switchyardBullmq?: Engine };

export function redisUrl(): string | undefined {
  return process.env.REDIS_URL || undefined;
}

/**
 * The key prefix of this installation's queues: SWITCHYARD_QUEUE_PREFIX (default `switchyard`) and a
 * hash of the store, so two installations sharing a Redis never take each other's jobs.
 */
export function queuePrefix(): string {
  const pg = postgresUrl();
  const store = pg ? storeOf(pg) : path.resolve(process.env.DATA_DIR ?? "./data");
  return `${process.env.SWITCHYARD_QUEUE_PREFIX || "switchyard"}:${crypto.createHash("sha256").update(store).digest("hex").slice(0, 12)}`;
}

// Host, port and database: the same store whatever the user, password or options in the URL.
function storeOf(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

function engine(): Engine {
  if (g.__switchyardBullmq) return g.__switchyardBullmq;
  const url = redisUrl();
  if (!url) throw new Error("The BullMQ queue needs REDIS_URL");
  // Enqueuing fails fast when Redis is down (the relay hands the job over later); workers wait for it.
  const producer = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  producer.on("error", (e) => log.warn("Redis (queue) unreachable", { error: e.message }));
  g.__switchyardBullmq = { producer, queues: new Map(), workers: new Map(), held: new Map(), lastRelay: 0 };
  return g.__switchyardBullmq;
}

function queueOf(type: string): Queue {
  const e = engine();
  let q = e.queues.get(type);
  if (!q) {
    q = new Queue(type, { connection: e.producer, prefix: queuePrefix() });
    q.on("error", (err) => log.warn("Queue error", { type, error: err.message }));
    e.queues.set(type, q);
  }
  return q;
}

function workerOf(type: string): Worker {
  const e = engine();
  let w = e.workers.get(type);
  if (!w) {
    e.consumer ??= new Redis(redisUrl()!, { maxRetriesPerRequest: null });
    e.consumer.on("error", (err) => log.warn("Redis (worker) unreachable", { error: err.message }));
    // No processor and no autorun: the worker of lib/jobs/worker.ts asks for each job (getNextJob),
    // and its heartbeat is the only thing renewing a lock (a process that stops beating loses it).
    w = new Worker(type, null, {
      connection: e.consumer,
      prefix: queuePrefix(),
      autorun: false,
      lockDuration: leaseMs(),
      skipLockRenewal: true,
      // A dead worker's job is found within the lease plus this (its lock expires, the next check sees it).
      stalledInterval: Math.max(250, Math.floor(leaseMs() / 10)),
      maxStalledCount: 0,
    });
    w.on("error", (err) => log.warn("Queue worker error", { type, error: err.message }));
    void w.startStalledCheckTimer().catch((err) => log.warn("Stalled-job check did not start", { type, error: (err as Error).message }));
    e.workers.set(type, w);
  }
  return w;
}

const deliveryId = (jobId: number, attempt: number) => `job:${jobId}:${attempt}`;
const attemptOf = (delivery: Delivery) => Number(String(delivery.id).split(":")[2]);

/** Hands a queued job to BullMQ, as its next attempt; a no-op when BullMQ already holds that delivery. */
async function handOver(job: Job): Promise<void> {
  await queueOf(job.type).add(
    job.type,
    { jobId: job.id },
    {
      jobId: deliveryId(job.id, job.attempts + 1),
      delay: Math.max(0, job.runAt.getTime() - Date.now()),
      attempts: 1,
      removeOnComplete: true,
      removeOnFail: { age: DROP_ENDED_AFTER_S },
    },
  );
}

const handOverLater = (job: Job) =>
  afterCommit(() => handOver(job).catch((e) => log.warn("Job not handed to the queue yet; the relay retries", { jobId: job.id, error: (e as Error).message })));

const rowOf = (jobId: number) => first(db().select().from(jobs).where(eq(jobs.id, jobId)));

async function enqueue(def: JobDefinition, payload: unknown, options?: { runAt?: Date }): Promise<Job> {
  return inTransaction(async () => {
    const job = await embeddedQueue.enqueue(def, payload as never, options);
    handOverLater(job);
    return job;
  });
}

async function join(jobId: number, runAt: Date): Promise<boolean> {
  return inTransaction(async () => {
    if (!(await embeddedQueue.join(jobId, runAt))) return false;
    afterCommit(() => bringForward(jobId).catch((e) => log.warn("Queued job not brought forward", { jobId, error: (e as Error).message })));
    return true;
  });
}

// The delivery's delay follows the row's run_at, which a join only ever makes earlier.
async function bringForward(jobId: number): Promise<void> {
  const row = await rowOf(jobId);
  if (!row || row.status !== "queued") return;
  const delivery = await queueOf(row.type).getJob(deliveryId(row.id, row.attempts + 1));
  if (!delivery) return handOver(row);
  if (!(await delivery.isDelayed())) return;
  const wait = row.runAt.getTime() - Date.now();
  await (wait > 0 ? delivery.changeDelay(wait) : delivery.promote());
}

async function joinOrEnqueue(def: JobDefinition, payload: unknown, runAt: Date): Promise<void> {
  await inTransaction(async () => {
    const queued = await first(db().select({ id: jobs.id }).from(jobs).where(and(eq(jobs.type, def.id), eq(jobs.status, "queued"))));
    if (queued && (await join(queued.id, runAt))) return;
    await enqueue(def, payload, { runAt });
  });
}

async function cancel(jobId: number): Promise<boolean> {
  return inTransaction(async () => {
    const row = await rowOf(jobId);
    if (!row || !(await embeddedQueue.cancel(jobId))) return false;
    // Removed if BullMQ has not handed it out; a delivery already claimed finds the row cancelled and is dropped.
    afterCommit(() => queueOf(row.type).remove(deliveryId(row.id, row.attempts + 1)).catch(() => 0));
    return true;
  });
}

let nextDef = 0;

async function claim(workerId: string, defs: JobDefinition[], now = new Date()): Promise<Job | undefined> {
  // Each definition in turn, starting one further each call: a busy type never starves the others.
  const start = nextDef++;
  for (let i = 0; i < defs.length; i++) {
    const def = defs[(start + i) % defs.length];
    const job = await claimOf(def, workerId, now);
    if (job) return job;
  }
  return undefined;
}

async function claimOf(def: JobDefinition, workerId: string, now: Date): Promise<Job | undefined> {
  const worker = workerOf(def.id);
  // A few deliveries that may not run yet (held back, stale) are set aside before giving up this tick.
  for (let tries = 0; tries < 5; tries++) {
    const token = crypto.randomUUID();
    const delivery: Delivery | undefined = await worker.getNextJob(token, { block: false });
    if (!delivery) return undefined;
    const jobId = Number((delivery.data as { jobId?: unknown }).jobId);
    const attempt = attemptOf(delivery);
    const claimed = await claimRow(def, jobId, attempt, workerId, now);
    if (claimed) {
      engine().held.set(claimed.id, { delivery, token });
      return claimed;
    }
    const row = Number.isInteger(jobId) ? await rowOf(jobId) : undefined;
    if (row?.status === "queued" && row.attempts + 1 === attempt) {
      // Not yet: not due (another host's clock ran ahead of ours) or its feed's other load is running.
      const at = row.runAt.getTime() > Date.now() + CLOCK_SKEW_MS ? row.runAt.getTime() : Date.now() + NOT_YET_MS;
      await delivery.moveToDelayed(at, token);
    } else {
      // Cancelled, ended, or an earlier attempt's delivery: nothing to run.
      await delivery.moveToCompleted({ dropped: row?.status ?? "missing" }, token, false);
    }
  }
  return undefined;
}

function claimRow(def: JobDefinition, jobId: number, attempt: number, workerId: string, now: Date): Promise<Job | undefined> {
  if (!Number.isInteger(jobId) || !Number.isInteger(attempt)) return Promise.resolve(undefined);
  const extra = def.claimableWhen ? sql`EXISTS (SELECT 1 FROM ${jobs} candidate WHERE candidate.id = ${jobId} AND ${def.claimableWhen})` : sql`TRUE`;
  return inTransaction(async (tx) => {
    const [row] = await tx
      .update(jobs)
      .set({ status: "running", leasedBy: workerId, leaseUntil: null, heartbeatAt: now, attempts: sql`${jobs.attempts} + 1`, updatedAt: now })
      .where(and(eq(jobs.id, jobId), eq(jobs.type, def.id), eq(jobs.status, "queued"), eq(jobs.attempts, attempt - 1), lt(jobs.runAt, new Date(now.getTime() + CLOCK_SKEW_MS)), extra))
      .returning();
    return row;
  });
}

const thisAttempt = (job: Job, workerId: string) => and(eq(jobs.id, job.id), eq(jobs.leasedBy, workerId), eq(jobs.status, "running"), eq(jobs.attempts, job.attempts));

async function heartbeat(job: Job, workerId: string, now = new Date()): Promise<boolean> {
  const held = engine().held.get(job.id);
  if (!held) return false;
  try {
    if (!(await held.delivery.extendLock(held.token, leaseMs()))) return false;
  } catch {
    return false; // the lock is gone: the stalled-job check took it
  }
  return inTransaction(async (tx) => (await tx.update(jobs).set({ heartbeatAt: now }).where(thisAttempt(job, workerId)).returning({ id: jobs.id })).length > 0);
}

async function complete(job: Job, workerId: string, outcome: Parameters<JobQueue["complete"]>[2]): Promise<boolean> {
  const recorded = await embeddedQueue.complete(job, workerId, outcome);
  const held = engine().held.get(job.id);
  engine().held.delete(job.id);
  if (held) {
    await held.delivery.moveToCompleted({ status: outcome.status }, held.token, false).catch((e) => {
      log.warn("Delivery not marked completed (its lock was lost)", { jobId: job.id, error: (e as Error).message });
    });
  }
  return recorded;
}

/**
 * Running jobs whose delivery is no longer active (its worker stopped beating, so the stalled-job
 * check took it), reaped by the domain's rule; then the relay: due jobs BullMQ does not hold.
 */
async function reapExpired(now = new Date(), onLost?: (lost: LostJob) => Promise<void>): Promise<LostJob[]> {
  const reaped: LostJob[] = [];
  const running = await db().select().from(jobs).where(eq(jobs.status, "running"));
  for (const job of running) {
    const state = await queueOf(job.type).getJobState(deliveryId(job.id, job.attempts));
    // `active` while its worker holds the lock; a claim in progress has the delivery active too.
    if (state === "active") continue;
    const reason = `Its worker (${job.leasedBy}) stopped renewing the lock in the queue (crashed or killed); the delivery is ${state}`;
    const lost = await reapJob(job, reason, thisAttempt(job, job.leasedBy ?? "")!, now, onLost);
    if (!lost) continue;
    reaped.push(lost);
    if (lost.retryAt) await handOver({ ...job, status: "queued", runAt: lost.retryAt }).catch(() => undefined);
  }
  const e = engine();
  if (now.getTime() - e.lastRelay >= RELAY_EVERY_MS) {
    e.lastRelay = now.getTime();
    await relay(now);
  }
  return reaped;
}

async function relay(now: Date): Promise<void> {
  const due = await db()
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, "queued"), lt(jobs.runAt, new Date(now.getTime() - RELAY_AFTER_MS))))
    .orderBy(asc(jobs.runAt))
    .limit(RELAY_BATCH);
  for (const job of due) {
    const id = deliveryId(job.id, job.attempts + 1);
    const state = await queueOf(job.type).getJobState(id);
    if (state === "waiting" || state === "delayed" || state === "active" || state === "prioritized") continue;
    // Never handed over, or a delivery that ended without the row hearing of it (its claimer died between the two).
    if (state !== "unknown") await queueOf(job.type).remove(id);
    await handOver(job);
    log.info("Relay handed a queued job to the queue", { jobId: job.id, type: job.type, was: state });
  }
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

/** Whether Redis answers (the health check in the distributed mode). */
export async function pingQueue(): Promise<void> {
  await engine().producer.ping();
}

export const bullmqQueue: JobQueue = { enqueue, join, joinOrEnqueue, cancel, claim, heartbeat, complete, reapExpired, close: closeBullmq };
