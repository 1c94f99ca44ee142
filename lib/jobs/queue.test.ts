import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import type { Watcher } from "@/lib/db/json-columns";
import { feeds, jobs, runs } from "@/lib/db/schema";
import { DockerDeleteJob } from "@/lib/provisioning/jobs";
import { LoadJob } from "@/lib/runs/load-job";
import { enqueueLoadRun, getRun, updateRun, type RunSnapshot } from "@/lib/runs/service";
import { queueWatcherDeliveries, WatcherDeliveryJob } from "@/lib/runs/watchers";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { JobPayloadError } from "./define";
import { enqueue, jobQueue } from "./queue";
import { handle } from "./worker";

const temp = useTempDataDir();
afterAll(temp.cleanup);
beforeEach(() => {
  getDb().delete(runs).run();
  getDb().delete(jobs).run();
});

const queue = jobQueue();
const signal = new AbortController().signal;
const snapshot: RunSnapshot = { feedName: "f", table: "t", connectionId: null, language: "python", script: "pass", dependencies: [], loadType: "incremental", destinations: [] };
let feedNo = 0;
const newFeed = (watchers: Watcher[] = []) => getDb().insert(feeds).values({ name: `queue_${++feedNo}`, status: "active", watchers }).returning().get().id;
const jobRow = (id: number) => getDb().select().from(jobs).where(eq(jobs.id, id)).get()!;

describe("typed job payloads", () => {
  it("refuses a payload that does not fit at enqueue, and queues nothing", async () => {
    await expect(enqueue(LoadJob, { runId: "7" } as never)).rejects.toThrow(JobPayloadError);
    await expect(enqueue(LoadJob, { runId: "7" } as never)).rejects.toThrow(/Invalid payload for job type feed\.load: runId:/);
    expect(getDb().select().from(jobs).all()).toEqual([]);
  });

  it("fails a claimed job whose stored payload does not fit, naming the field, instead of crashing", async () => {
    getDb().insert(jobs).values({ type: LoadJob.id, payload: { runId: "not a number" }, runAt: new Date(), maxAttempts: 1 }).run();
    const job = (await queue.claim("w1", [LoadJob]))!;
    const outcome = await handle(job, signal);
    expect(outcome).toMatchObject({ status: "failed", error: expect.stringMatching(/^Invalid payload for job type feed\.load: runId: /) });
    expect(await queue.complete(job, "w1", outcome)).toBe(true);
    expect(jobRow(job.id)).toMatchObject({ status: "failed", lastError: outcome.error });
  });
});

describe("the embedded provider's claim", () => {
  it("claims only queued, due jobs: never a running, ended or future one", async () => {
    const feed = newFeed();
    const running = await enqueueLoadRun(feed, "manual", snapshot, "a");
    getDb().update(jobs).set({ status: "running", leasedBy: "other" }).where(eq(jobs.id, running.jobId!)).run();
    const later = await enqueueLoadRun(newFeed(), "retry", snapshot, "a", { attempt: 2, retryOf: running.id, runAt: new Date(Date.now() + 60_000) });
    const done = await enqueueLoadRun(newFeed(), "manual", snapshot, "a");
    getDb().update(jobs).set({ status: "succeeded" }).where(eq(jobs.id, done.jobId!)).run();
    expect(await queue.claim("w1", [LoadJob])).toBeUndefined();
    expect((await queue.claim("w1", [LoadJob], new Date(Date.now() + 61_000)))?.id).toBe(later.jobId);
    expect(await queue.claim("w2", [LoadJob], new Date(Date.now() + 61_000))).toBeUndefined();
  });

  it("holds a feed's load back only for another load, not for a job whose payload carries a runId of its own", async () => {
    // A provisioning job's runId is a Keboola run id; the old claim read it as a load run's id, so
    // a running Docker job whose runId matched an earlier run of this feed held the feed's loads back.
    const feed = newFeed();
    const earlier = await enqueueLoadRun(feed, "manual", snapshot, "a");
    await updateRun(earlier.id, { status: "succeeded" });
    getDb().update(jobs).set({ status: "succeeded" }).where(eq(jobs.id, earlier.jobId!)).run();
    const docker = await enqueue(DockerDeleteJob, { ownerId: 1, ownerLabel: "x", backend: "docker", id: "1", runId: String(earlier.id) });
    expect((await queue.claim("w1", [DockerDeleteJob]))?.id).toBe(docker.id);
    const next = await enqueueLoadRun(feed, "manual", snapshot, "a");
    expect((await queue.claim("w2", [LoadJob]))?.id).toBe(next.jobId);
  });

  it("lets a worker that lost its lease write nothing over the reaper's verdict", async () => {
    const run = await enqueueLoadRun(newFeed(), "manual", snapshot, "a");
    const job = (await queue.claim("w1", [LoadJob]))!;
    getDb().update(jobs).set({ leaseUntil: new Date(Date.now() - 1000) }).where(eq(jobs.id, job.id)).run();
    expect((await queue.reapExpired()).map((l) => l.job.id)).toEqual([run.jobId]);
    expect(await queue.heartbeat(job, "w1")).toBe(false);
    expect(await queue.complete(job, "w1", { status: "succeeded", result: {} })).toBe(false);
    expect(jobRow(job.id).status).toBe("failed");
  });

  it("reaps each lost job and runs its cleanup in one transaction: a cleanup that throws leaves that job for the next reap, and the others go on", async () => {
    const first = await enqueueLoadRun(newFeed(), "manual", snapshot, "a");
    const second = await enqueueLoadRun(newFeed(), "manual", snapshot, "a");
    const a = (await queue.claim("w1", [LoadJob]))!;
    const b = (await queue.claim("w1", [LoadJob]))!;
    getDb().update(jobs).set({ leaseUntil: new Date(Date.now() - 1000) }).run();
    const cleaned: number[] = [];
    const onLost = async (lost: { job: { id: number } }) => {
      // The run's own cleanup writes (LoadJob.onLost fails the run): here one of them, then a failure.
      await updateRun(lost.job.id === a.id ? first.id : second.id, { error: "cleaned" });
      if (lost.job.id === a.id) throw new Error("cleanup failed");
      cleaned.push(lost.job.id);
    };
    expect((await queue.reapExpired(new Date(), onLost)).map((l) => l.job.id)).toEqual([b.id]);
    expect(cleaned).toEqual([b.id]);
    // The failed cleanup's write rolled back with its job's reaping: still running, expired, reaped next time.
    expect(jobRow(a.id).status).toBe("running");
    expect((await getRun(first.id)).error).toBeNull();
    expect((await getRun(second.id)).error).toBe("cleaned");
    expect((await queue.reapExpired(new Date())).map((l) => l.job.id)).toEqual([a.id]);
  });
});

describe("watcher deliveries as jobs", () => {
  it("retries a failed delivery as a new job due after the backoff, and keeps the deliveries once final", async () => {
    process.env.SWITCHYARD_WATCHER_BACKOFF_MS = "5000";
    let calls = 0;
    const server = http.createServer((req, res) => {
      calls++;
      req.resume();
      res.writeHead(calls === 1 ? 503 : 200).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const feed = newFeed();
      const run = await enqueueLoadRun(feed, "manual", snapshot, "a");
      await updateRun(run.id, { status: "succeeded", startedAt: new Date(), finishedAt: new Date() });
      await queueWatcherDeliveries(run.id, { id: feed, name: "f", watchers: [{ url, onSuccess: true, onFailure: true }] });

      const first = (await queue.claim("w1", [WatcherDeliveryJob]))!;
      const started = Date.now();
      await handle(first, signal);
      // No sleep inside the job: it returns at once, the next attempt is a queued job 5 s away.
      expect(Date.now() - started).toBeLessThan(4000);
      const next = getDb().select().from(jobs).where(eq(jobs.status, "queued")).all().filter((j) => j.type === WatcherDeliveryJob.id);
      expect(next).toHaveLength(1);
      expect(next[0].runAt.getTime()).toBeGreaterThanOrEqual(started + 5000);
      expect(next[0].payload).toMatchObject({ attempt: 2, pending: [{ index: 0, url }] });
      expect((await getRun(run.id)).notifications).toBeNull();
      expect(await queue.claim("w1", [WatcherDeliveryJob])).toBeUndefined();

      const second = (await queue.claim("w1", [WatcherDeliveryJob], new Date(started + 6000)))!;
      await handle(second, signal);
      expect(calls).toBe(2);
      expect((await getRun(run.id)).notifications).toEqual([expect.objectContaining({ url, ok: true, status: 200, attempts: 2, event: "run.succeeded" })]);
    } finally {
      server.close();
      delete process.env.SWITCHYARD_WATCHER_BACKOFF_MS;
    }
  });
});
