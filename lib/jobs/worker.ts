import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import { log } from "@/lib/log";
import { claimJob, finishJob, heartbeat, leaseMs, reapExpiredJobs } from "./queue";
import { handlers, onReaped, periodic } from "./handlers";

export type WorkerOptions = { concurrency?: number; pollMs?: number };

type WorkerState = { stop: () => Promise<void>; id: string };
const globalWorker = globalThis as unknown as { __switchyardWorker?: WorkerState };

/**
 * Claims jobs and runs them, `concurrency` at a time, renewing each lease while it runs. Also reaps
 * jobs whose worker died and fires due schedules. One per process: starting twice returns the first.
 */
export function startWorker(options: WorkerOptions = {}): WorkerState {
  if (globalWorker.__switchyardWorker) return globalWorker.__switchyardWorker;
  const id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  const concurrency = options.concurrency ?? (Number(process.env.SWITCHYARD_WORKER_CONCURRENCY) || 2);
  const pollMs = options.pollMs ?? 500;
  const active = new Set<Promise<void>>();
  const controllers = new Set<AbortController>();
  let stopped = false;

  const runJob = async (job: NonNullable<ReturnType<typeof claimJob>>) => {
    const controller = new AbortController();
    controllers.add(controller);
    const beat = setInterval(() => {
      if (!heartbeat(job.id, id)) controller.abort();
    }, Math.max(1000, Math.floor(leaseMs() / 3)));
    try {
      const result = await handlers[job.type](job, controller.signal);
      finishJob(job.id, id, result.status, result.result, result.error);
    } catch (e) {
      log.error("Job failed", { jobId: job.id, type: job.type, error: (e as Error).message });
      finishJob(job.id, id, "failed", {}, (e as Error).message);
    } finally {
      clearInterval(beat);
      controllers.delete(controller);
    }
  };

  const tick = () => {
    if (stopped) return;
    try {
      for (const reaped of reapExpiredJobs()) onReaped(reaped);
      periodic();
      while (active.size < concurrency) {
        const job = claimJob(id, Object.keys(handlers));
        if (!job) break;
        const p = runJob(job).finally(() => active.delete(p));
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
      await Promise.allSettled([...active]);
      globalWorker.__switchyardWorker = undefined;
    },
  };
  globalWorker.__switchyardWorker = state;
  return state;
}
