import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import { log } from "@/lib/log";
import type { Job } from "@/lib/db/tables";
import { parsePayload, type JobDefinition, type JobLane, type JobOutcome } from "./define";
import { periodic } from "./periodic";
import { registerWake } from "./wake";
import { jobQueue, leaseMs } from "./queue";
import { definitionOf, jobDefinitions, onLost } from "./registry";

/**
 * `concurrency`: background jobs (loads, scans, deliveries, provisioning) at once;
 * `interactiveConcurrency`: interactive ones (test runs) at once, in slots of their own.
 */
export type WorkerOptions = { concurrency?: number; interactiveConcurrency?: number; pollMs?: number };

/** `stop({ abort: false })` lets the running jobs finish instead of stopping them (a command's own worker). */
type WorkerState = { stop: (options?: { abort?: boolean }) => Promise<void>; id: string; wake: () => void };
const globalWorker = globalThis as unknown as { __switchyardWorker?: WorkerState };

/** Runs a claimed job's handler on its payload, parsed again: a payload that does not fit fails the job, saying why. */
export async function handle(job: Job, signal: AbortSignal, workerId = "inline"): Promise<JobOutcome> {
  const def = definitionOf(job.type);
  if (!def) return { status: "failed", result: {}, error: `No handler for job type ${job.type}` };
  const parsed = parsePayload(def, job.payload);
  if (!parsed.ok) {
    log.error("Job has an invalid payload", { jobId: job.id, type: job.type, error: parsed.error });
    return { status: "failed", result: {}, error: parsed.error };
  }
  return def.handler(parsed.payload, { jobId: job.id, attempt: job.attempts, signal, workerId });
}

const RUN_JOBS = new Set(["feed.load", "feed.test"]);
const runIdOf = (job: Job) => (typeof job.payload.runId === "number" && RUN_JOBS.has(job.type) ? { runId: job.payload.runId } : {});

/**
 * This process's worker, if one runs here, claims at once instead of at its next poll: called after
 * a job someone is waiting for (a test run) is committed, and by the BullMQ provider once a job is
 * handed over. A no-op where no worker runs (a console with SWITCHYARD_WORKER=off): the separate
 * workers find the job at their next poll.
 */
export { wakeWorker } from "./wake";

type Lane = { name: JobLane; defs: JobDefinition[]; limit: number; active: Set<Promise<void>> };

/**
 * Claims jobs and runs them, renewing each lease while it runs, in two lanes: interactive jobs (test
 * runs) in `interactiveConcurrency` slots of their own, claimed first, and everything else in
 * `concurrency` slots; so a test is never stuck behind long loads. Also reaps jobs whose worker
 * died and fires due schedules. One per process: starting twice returns the first.
 */
export function startWorker(options: WorkerOptions = {}): WorkerState {
  if (globalWorker.__switchyardWorker) return globalWorker.__switchyardWorker;
  const id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  const concurrency = options.concurrency ?? (Number(process.env.SWITCHYARD_WORKER_CONCURRENCY) || 2);
  const interactiveConcurrency = options.interactiveConcurrency ?? (Number(process.env.SWITCHYARD_TEST_CONCURRENCY) || 4);
  const pollMs = options.pollMs ?? 500;
  const lane = (name: JobLane, limit: number): Lane => ({ name, limit, defs: jobDefinitions.filter((d) => (d.lane ?? "background") === name), active: new Set() });
  // Claimed in this order: interactive first while it has room.
  const lanes = [lane("interactive", interactiveConcurrency), lane("background", concurrency)];
  const controllers = new Set<AbortController>();
  let stopped = false;

  const queue = jobQueue();

  const runJob = async (job: Job) => {
    const controller = new AbortController();
    controllers.add(controller);
    // One beat at a time: beats must not pile up behind a store or queue engine that is slow to answer.
    let beating = false;
    const beat = setInterval(() => {
      if (beating) return;
      beating = true;
      queue
        .heartbeat(job, id)
        .then(
          (ours) => ours || controller.abort(),
          (e) => log.error("Job heartbeat failed", { jobId: job.id, error: (e as Error).message }),
        )
        .finally(() => (beating = false));
    }, Math.max(1000, Math.floor(leaseMs() / 3)));
    const started = Date.now();
    try {
      const outcome = await handle(job, controller.signal, id);
      // false: the lease was lost (reaped while this process stalled); the reaper's verdict stands.
      const recorded = await queue.complete(job, id, outcome);
      log.info("Job ended", { jobId: job.id, type: job.type, ...runIdOf(job), status: outcome.status, ms: Date.now() - started, ...(recorded ? {} : { recorded: false }) });
    } catch (e) {
      log.error("Job failed", { jobId: job.id, type: job.type, error: (e as Error).message });
      await queue.complete(job, id, { status: "failed", result: {}, error: (e as Error).message }).catch((e2) => log.error("Job outcome not recorded", { jobId: job.id, error: (e2 as Error).message }));
    } finally {
      clearInterval(beat);
      controllers.delete(controller);
    }
  };

  /** The next job of a lane with room (interactive first), or null when no lane with room has one. */
  const claimNext = async (empty: Set<Lane>): Promise<{ lane: Lane; job: Job } | null> => {
    for (const l of lanes) {
      if (empty.has(l) || l.active.size >= l.limit || !l.defs.length) continue;
      const job = await queue.claim(id, l.defs);
      if (job) return { lane: l, job };
      // Nothing due in it: not asked again in this tick (a job queued meanwhile wakes the worker).
      empty.add(l);
    }
    return null;
  };

  // One tick at a time: a slow store must not stack ticks (each would claim beyond a lane's limit).
  // A tick asked for while one runs (a wake, a freed slot) runs right after it rather than being
  // dropped: the running one may already have looked for jobs before the new one was committed.
  let ticking: Promise<void> | null = null;
  let again = false;
  const tick = () => {
    if (stopped) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = tickOnce().finally(() => {
      ticking = null;
      if (again && !stopped) {
        again = false;
        setImmediate(tick);
      }
    });
  };
  const claimAll = async () => {
    const empty = new Set<Lane>();
    while (!stopped) {
      const next = await claimNext(empty);
      if (!next) break;
      const { lane: l, job } = next;
      const p = runJob(job).finally(() => {
        l.active.delete(p);
        // A slot is free: claim the next job now rather than at the next poll (up to pollMs later).
        if (!stopped) setImmediate(tick);
      });
      l.active.add(p);
    }
  };
  // Reaping, schedules and cleanup at most once a poll: a wake or a freed slot only claims, at once.
  let lastHousekeeping = 0;
  const tickOnce = async () => {
    try {
      await claimAll();
      if (stopped || Date.now() - lastHousekeeping < pollMs * 0.8) return;
      lastHousekeeping = Date.now();
      // Each on its own: a queue engine that does not answer must not stop the schedules, nor the other way round.
      await queue.reapExpired(new Date(), onLost).catch((e) => log.error("Reaping lost jobs failed", { error: (e as Error).message }));
      await periodic().catch((e) => log.error("Schedules and cleanup failed", { error: (e as Error).message }));
      // What a schedule just queued, or a reaped job's retry that is due, starts now.
      await claimAll();
    } catch (e) {
      log.error("Worker tick failed", { error: (e as Error).message });
    }
  };

  const timer = setInterval(tick, pollMs);
  timer.unref?.();
  setImmediate(tick);
  log.info("Worker started", { id, concurrency, interactiveConcurrency });
  const state: WorkerState = {
    id,
    wake: () => {
      if (!stopped) setImmediate(tick);
    },
    stop: async ({ abort = true } = {}) => {
      stopped = true;
      clearInterval(timer);
      registerWake(undefined);
      if (abort) for (const c of controllers) c.abort();
      await ticking;
      await Promise.allSettled(lanes.flatMap((l) => [...l.active]));
      await queue.close?.().catch((e) => log.warn("Queue connections not closed", { error: (e as Error).message }));
      globalWorker.__switchyardWorker = undefined;
    },
  };
  globalWorker.__switchyardWorker = state;
  registerWake(state.wake);
  return state;
}
