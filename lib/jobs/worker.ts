import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import { log } from "@/lib/log";
import type { Job } from "@/lib/db/tables";
import { parsePayload, type JobOutcome } from "./define";
import { periodic } from "./periodic";
import { jobQueue, leaseMs } from "./queue";
import { definitionOf, jobDefinitions, onLost } from "./registry";

export type WorkerOptions = { concurrency?: number; pollMs?: number };

type WorkerState = { stop: () => Promise<void>; id: string };
const globalWorker = globalThis as unknown as { __switchyardWorker?: WorkerState };

/**
 * Claims jobs and runs them, `concurrency` at a time, renewing each lease while it runs. Also reaps
 * jobs whose worker died and fires due schedules. One per process: starting twice returns the first.
 */
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

const runIdOf = (job: Job) => (typeof job.payload.runId === "number" && job.type === "feed.load" ? { runId: job.payload.runId } : {});

export function startWorker(options: WorkerOptions = {}): WorkerState {
  if (globalWorker.__switchyardWorker) return globalWorker.__switchyardWorker;
  const id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  const concurrency = options.concurrency ?? (Number(process.env.SWITCHYARD_WORKER_CONCURRENCY) || 2);
  const pollMs = options.pollMs ?? 500;
  const active = new Set<Promise<void>>();
  const controllers = new Set<AbortController>();
  let stopped = false;

  const queue = jobQueue();

  const runJob = async (job: Job) => {
    const controller = new AbortController();
    controllers.add(controller);
    const beat = setInterval(() => {
      queue.heartbeat(job, id).then(
        (ours) => ours || controller.abort(),
        (e) => log.error("Job heartbeat failed", { jobId: job.id, error: (e as Error).message }),
      );
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

  // One tick at a time: a slow store must not stack ticks (each would claim beyond `concurrency`).
  let ticking: Promise<void> | null = null;
  const tick = () => {
    if (stopped || ticking) return;
    ticking = tickOnce().finally(() => (ticking = null));
  };
  const tickOnce = async () => {
    try {
      await queue.reapExpired(new Date(), onLost);
      await periodic();
      while (!stopped && active.size < concurrency) {
        const job = await queue.claim(id, jobDefinitions);
        if (!job) break;
        const p = runJob(job).finally(() => {
          active.delete(p);
          // A slot is free: claim the next job now rather than at the next poll (up to pollMs later).
          if (!stopped) setImmediate(tick);
        });
        active.add(p);
      }
    } catch (e) {
      log.error("Worker tick failed", { error: (e as Error).message });
    }
  };

  const timer = setInterval(tick, pollMs);
  timer.unref?.();
  setImmediate(tick);
  log.info("Worker started", { id, concurrency });
  const state: WorkerState = {
    id,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      for (const c of controllers) c.abort();
      await ticking;
      await Promise.allSettled([...active]);
      globalWorker.__switchyardWorker = undefined;
    },
  };
  globalWorker.__switchyardWorker = state;
  return state;
}
