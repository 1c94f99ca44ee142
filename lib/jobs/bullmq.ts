import "server-only";
import crypto from "node:crypto";
import type { Job as Delivery } from "bullmq";
import { and, asc, eq, gt, lt, or, isNull, sql } from "drizzle-orm";
import { afterCommit, db, first, inTransaction } from "@/lib/db/tx";
import { jobs, type Job } from "@/lib/db/tables";
import { log } from "@/lib/log";
import type { JobDefinition, LostJob } from "./define";
import { embeddedQueue, reapJob } from "./embedded";
import type { JobQueue } from "./provider";
import { closeBullmq, engine, queueOf, warnOnce, within, workerOf } from "./bullmq-engine";
import { leaseMs } from "./timing";
import { wakeWorker } from "./wake";

// The distributed provider: BullMQ on Redis (REDIS_URL) delivers the jobs, the store keeps them.
//
// - The `jobs` table stays the record of every job (its id, payload, status, attempts, result):
//   runs, Keboola's /queue/job/{id} and the console read it, on either provider, and a job is
//   written in the caller's transaction, so a run and its job commit together.
// - BullMQ holds what a queue engine is for: which job is due (waiting and delayed lists), which
//   worker has it (a lock each heartbeat extends), and which worker died (its stalled-job check, run
//   by every worker process; a job is reaped once its lock expired and its row's beat went quiet).
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

const deliveryId = (jobId: number, attempt: number) => `job:${jobId}:${attempt}`;
const attemptOf = (delivery: Delivery) => Number(String(delivery.id).split(":")[2]);
const heldKey = (job: Pick<Job, "id" | "attempts">) => `${job.id}:${job.attempts}`;

/** Hands a queued job to BullMQ, as its next attempt; a no-op when BullMQ already holds that delivery. */
async function handOver(job: Job): Promise<void> {
  const queue = await queueOf(job.type);
  await within(queue.add(
    job.type,
    { jobId: job.id },
    {
      jobId: deliveryId(job.id, job.attempts + 1),
      delay: Math.max(0, job.runAt.getTime() - Date.now()),
      attempts: 1,
      removeOnComplete: true,
      removeOnFail: { age: DROP_ENDED_AFTER_S },
    },
  ), `hand over job ${job.id}`);
  // A worker in this process (the embedded roles with REDIS_URL) claims it now, not at its next poll.
  wakeWorker();
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
  const delivery = await within((await queueOf(row.type)).getJob(deliveryId(row.id, row.attempts + 1)), "find a delivery");
  if (!delivery) return handOver(row);
  if (!(await within(delivery.isDelayed(), "read a delivery"))) return;
  const wait = row.runAt.getTime() - Date.now();
  await within(wait > 0 ? delivery.changeDelay(wait) : delivery.promote(), "bring a delivery forward");
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
    afterCommit(async () => within((await queueOf(row.type)).remove(deliveryId(row.id, row.attempts + 1)), "remove a delivery").catch(() => 0));
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
  const worker = await workerOf(def.id);
  // A few deliveries that may not run yet (held back, stale) are set aside before giving up this tick.
  for (let tries = 0; tries < 5; tries++) {
    const token = crypto.randomUUID();
    // Should Redis answer after the wait, the delivery it made active has a lock nobody extends: it
    // stalls back to waiting and is claimed again.
    const delivery: Delivery | undefined = await within(worker.getNextJob(token, { block: false }), "claim a delivery");
    if (!delivery) return undefined;
    const jobId = Number((delivery.data as { jobId?: unknown }).jobId);
    const attempt = attemptOf(delivery);
    const claimed = await claimRow(def, jobId, attempt, workerId, now);
    if (claimed) {
      // The lock was taken before the store's write lock was waited for; renewed now, or the
      // delivery went back while this waited (longer than the lease): the row is handed back.
      if ((await within(delivery.extendLock(token, leaseMs()), "extend a new lock").catch(() => 0)) === 1) {
        engine().held.set(heldKey(claimed), { delivery, token });
        return claimed;
      }
      await giveBack(claimed, workerId);
      continue;
    }
    const row = Number.isInteger(jobId) ? await rowOf(jobId) : undefined;
    if (row?.status === "queued" && row.attempts + 1 === attempt) {
      // Not yet: not due (another host's clock ran ahead of ours) or its feed's other load is running.
      const at = row.runAt.getTime() > Date.now() + CLOCK_SKEW_MS ? row.runAt.getTime() : Date.now() + NOT_YET_MS;
      await within(delivery.moveToDelayed(at, token), "set a delivery aside").catch((e) => warnOnce("A delivery could not be set aside (its lock expired: it comes back)", e));
    } else {
      // Cancelled, ended, or an earlier attempt's delivery: nothing to run.
      await within(delivery.moveToCompleted({ dropped: row?.status ?? "missing" }, token, false), "drop a delivery").catch((e) => warnOnce("A stale delivery could not be dropped", e));
    }
  }
  return undefined;
}

/** A claim whose delivery was lost before it started: queued again as it was, its delivery re-sent. */
async function giveBack(job: Job, workerId: string): Promise<void> {
  const [row] = await inTransaction((tx) =>
    tx
      .update(jobs)
      .set({ status: "queued", leasedBy: null, attempts: sql`${jobs.attempts} - 1`, updatedAt: new Date() })
      .where(thisAttempt(job, workerId))
      .returning(),
  );
  if (row) await handOver(row).catch((e) => warnOnce("A job given back could not be handed over; the relay does", e as Error));
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

/**
 * Extends the lock and records the beat on the row; the row decides. A job is lost only once another
 * process reaped it, which takes both a quiet row (no beat for half a lease) and an expired lock.
 * So a worker that reaches the store but not Redis (down, partitioned, an error reply) goes on, and
 * a lock that expired meanwhile only lets its delivery go back, to be dropped when claimed (the row
 * is not queued); a worker that reaches neither is reaped elsewhere, and its next beat says so.
 */
async function heartbeat(job: Job, workerId: string, now = new Date()): Promise<boolean> {
  const held = engine().held.get(heldKey(job));
  if (!held) return false;
  await within(held.delivery.extendLock(held.token, leaseMs()), "extend a lock", Math.max(1000, Math.floor(leaseMs() / 3))).then(
    (extended) => extended || warnOnce("A job's lock had expired (Redis was out of reach for longer than a lease); the job goes on, the store says it is ours", new Error(`job ${job.id}`)),
    (e) => warnOnce("A job's lock could not be extended; the job goes on while the store says it is ours", e as Error),
  );
  return inTransaction(async (tx) => (await tx.update(jobs).set({ heartbeatAt: now }).where(thisAttempt(job, workerId)).returning({ id: jobs.id })).length > 0);
}

async function complete(job: Job, workerId: string, outcome: Parameters<JobQueue["complete"]>[2]): Promise<boolean> {
  const held = engine().held.get(heldKey(job));
  engine().held.delete(heldKey(job));
  const recorded = await embeddedQueue.complete(job, workerId, outcome);
  if (held) {
    await within(held.delivery.moveToCompleted({ status: outcome.status }, held.token, false), "complete a delivery").catch((e) => {
      log.warn("Delivery not marked completed (its lock was lost, or Redis did not answer); it is dropped when claimed again", { jobId: job.id, error: (e as Error).message });
    });
  }
  return recorded;
}

/**
 * Running jobs whose delivery is no longer active (its worker stopped beating, so the stalled-job
 * check took it), reaped by the domain's rule; then the relay: due jobs BullMQ does not hold. Only
 * rows whose last beat is older than half a lease are looked up in Redis: a live job beats every
 * third of one, so the check costs nothing while every worker is alive, and a Redis that lost its
 * data does not take a job whose worker still beats.
 */
async function reapExpired(now = new Date(), onLost?: (lost: LostJob) => Promise<void>): Promise<LostJob[]> {
  const reaped: LostJob[] = [];
  const quiet = new Date(now.getTime() - leaseMs() / 2);
  const running = await db()
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, "running"), or(isNull(jobs.heartbeatAt), lt(jobs.heartbeatAt, quiet))));
  const states = await Promise.all(
    running.map(async (job) => within((await queueOf(job.type)).getJobState(deliveryId(job.id, job.attempts)), "read a delivery's state").catch(() => null)),
  );
  for (const [i, job] of running.entries()) {
    const state = states[i];
    // `active` while its worker holds the lock; null when Redis did not answer (nothing is decided then).
    if (state === "active" || state === null) continue;
    const reason = `Its worker (${job.leasedBy}) stopped renewing the lock in the queue (crashed or killed); the delivery is ${state}`;
    const lost = await reapJob(job, reason, thisAttempt(job, job.leasedBy ?? "")!, now, onLost);
    if (!lost) continue;
    reaped.push(lost);
    if (lost.retryAt) await handOver({ ...job, status: "queued", runAt: lost.retryAt }).catch(() => undefined);
  }
  const e = engine();
  if (now.getTime() - e.lastRelay >= RELAY_EVERY_MS) {
    e.lastRelay = now.getTime();
    await relay(now).catch((err) => warnOnce("The relay could not check the queue", err as Error));
  }
  return reaped;
}

/**
 * Due jobs the queue should hold but does not: never handed over (a crash after the commit, Redis
 * down), a delivery that ended without the row hearing of it, or one still delayed although the
 * row is due (a join whose bring-forward was lost). A batch per pass, going on from the last one.
 */
async function relay(now: Date): Promise<void> {
  const e = engine();
  const due = await db()
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, "queued"), lt(jobs.runAt, new Date(now.getTime() - RELAY_AFTER_MS)), gt(jobs.id, e.relayAfterId)))
    .orderBy(asc(jobs.id))
    .limit(RELAY_BATCH);
  e.relayAfterId = due.length < RELAY_BATCH ? 0 : due[due.length - 1].id;
  await Promise.all(
    due.map(async (job) => {
      const queue = await queueOf(job.type);
      const id = deliveryId(job.id, job.attempts + 1);
      const state = await within(queue.getJobState(id), "read a delivery's state");
      if (state === "waiting" || state === "active" || state === "prioritized") return;
      if (state === "delayed") {
        // Due by the row for a while: brought forward (one set aside for its busy feed comes back).
        await within((await queue.getJob(id))?.promote() ?? Promise.resolve(), "bring a delivery forward").catch(() => undefined);
        return;
      }
      if (state !== "unknown") await within(queue.remove(id), "remove an ended delivery");
      await handOver(job);
      log.info("Relay handed a queued job to the queue", { jobId: job.id, type: job.type, was: state });
    }),
  );
}

export { closeBullmq, queuePrefix, redisUrl } from "./bullmq-engine";

export const bullmqQueue: JobQueue = { enqueue, join, joinOrEnqueue, cancel, claim, heartbeat, complete, reapExpired, close: closeBullmq };
