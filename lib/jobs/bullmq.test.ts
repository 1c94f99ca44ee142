import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { feeds, jobs, runs, settings } from "@/lib/db/schema";
import { inTransaction } from "@/lib/db/tx";
import { DockerDeleteJob } from "@/lib/provisioning/jobs";
import { LoadJob } from "@/lib/runs/load-job";
import { enqueueLoadRun, type RunSnapshot } from "@/lib/runs/service";
import { holdWriteLock } from "@/lib/testing/hold-write-lock";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { defineJob, type JobDefinition, type LostJob } from "./define";

// The BullMQ provider on the machine's Redis (127.0.0.1:6379, or REDIS_URL): every case talks to
// the real server, under a key prefix of this file's own; the file fails when Redis is unreachable.
// The store is the embedded SQLite file (the provider is the same on PostgreSQL: the store side is
// the embedded provider's own code, tested on both stores in queue.test.ts and the e2e suite).
process.env.REDIS_URL ||= "redis://127.0.0.1:6379";
process.env.SWITCHYARD_QUEUE_PREFIX = `switchyard-test-${crypto.randomBytes(4).toString("hex")}`;
process.env.SWITCHYARD_JOB_LEASE_MS = "1500";
process.env.SWITCHYARD_RETRY_BACKOFF_MS = "200";

const temp = useTempDataDir();
const { bullmqQueue: queue, closeBullmq, queuePrefix } = await import("./bullmq");
const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });

beforeAll(async () => {
  await redis.connect().catch((e) => {
    throw new Error(`These tests need Redis at ${process.env.REDIS_URL}: ${(e as Error).message}`);
  });
});
afterAll(async () => {
  await closeBullmq();
  const keys = await redis.keys(`${process.env.SWITCHYARD_QUEUE_PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  temp.cleanup();
});
beforeEach(() => {
  getDb().delete(runs).run();
  getDb().delete(jobs).run();
});

// A job the queue itself retries (the domain's jobs say maxAttempts: 1 and retry themselves).
const EchoJob = defineJob({ id: "test.echo", payload: z.object({ n: z.number() }), maxAttempts: 3, handler: async () => ({ status: "succeeded", result: {} }) });
const snapshot: RunSnapshot = { feedName: "f", table: "t", connectionId: null, language: "python", script: "pass", dependencies: [], loadType: "incremental", destinations: [] };
let feedNo = 0;
const newFeed = () => getDb().insert(feeds).values({ name: `bullmq_${++feedNo}`, status: "active", watchers: [] }).returning().get().id;
const jobRow = (id: number) => getDb().select().from(jobs).where(eq(jobs.id, id)).get()!;
// The deliveries BullMQ holds for one job (earlier cases leave theirs: each case looks at its own).
const deliveryKeys = async (jobId: number) => (await redis.keys(`${process.env.SWITCHYARD_QUEUE_PREFIX}:*:job:${jobId}:*`)).filter((k) => !k.endsWith(":lock"));
// A claim as the worker's tick makes it: the next delivery that may run, or none.
const claimSoon = async (workerId: string, defs: JobDefinition[] = [LoadJob]) => {
  let job: Awaited<ReturnType<typeof queue.claim>>;
  await expect.poll(async () => (job = await queue.claim(workerId, defs)), { timeout: 10_000 }).toBeDefined();
  return job!;
};

describe("the BullMQ provider", () => {
  it("hands a committed job to Redis and claims it once; the outcome lands on the job's row", async () => {
    const run = await enqueueLoadRun(newFeed(), "manual", snapshot, "a");
    const job = await claimSoon("w1");
    expect(job).toMatchObject({ id: run.jobId, status: "running", leasedBy: "w1", attempts: 1 });
    expect(await queue.claim("w2", [LoadJob])).toBeUndefined();
    expect(await queue.heartbeat(job, "w1")).toBe(true);
    expect(await queue.complete(job, "w1", { status: "succeeded", result: { ok: true } })).toBe(true);
    expect(jobRow(job.id)).toMatchObject({ status: "succeeded", result: { ok: true } });
    await expect.poll(() => deliveryKeys(job.id)).toEqual([]);
  });

  it("hands nothing over for a transaction that rolled back", async () => {
    await expect(
      inTransaction(async () => {
        await enqueueLoadRun(newFeed(), "manual", snapshot, "a");
        throw new Error("the request failed after queuing");
      }),
    ).rejects.toThrow("the request failed");
    expect(getDb().select().from(jobs).all()).toEqual([]);
    expect(await queue.claim("w1", [LoadJob])).toBeUndefined();
    expect(await redis.keys(`${process.env.SWITCHYARD_QUEUE_PREFIX}:*:job:*`)).toEqual([]);
  });

  it("never gives two workers the same job", async () => {
    const ids = new Set<number>();
    for (let i = 0; i < 12; i++) ids.add((await enqueueLoadRun(newFeed(), "manual", snapshot, "a")).jobId!);
    const claimed: number[] = [];
    await Promise.all(
      ["w1", "w2", "w3"].map(async (w) => {
        for (let misses = 0; misses < 20 && claimed.length < ids.size; ) {
          const job = await queue.claim(w, [LoadJob]);
          if (job) claimed.push(job.id);
          else misses++;
        }
      }),
    );
    expect(claimed.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it("delivers a job at its run_at, and a join brings it forward", async () => {
    const later = await enqueueLoadRun(newFeed(), "retry", snapshot, "a", { attempt: 2, retryOf: 1, runAt: new Date(Date.now() + 60_000) });
    expect(await queue.claim("w1", [LoadJob])).toBeUndefined();
    expect(await queue.join(later.jobId!, new Date())).toBe(true);
    expect((await claimSoon("w1")).id).toBe(later.jobId);
  });

  it("cancels a queued job: it is never claimed, and its delivery is removed", async () => {
    const run = await enqueueLoadRun(newFeed(), "manual", snapshot, "a");
    await expect.poll(() => deliveryKeys(run.jobId!)).toHaveLength(1);
    expect(await queue.cancel(run.jobId!)).toBe(true);
    expect(jobRow(run.jobId!).status).toBe("cancelled");
    await expect.poll(() => deliveryKeys(run.jobId!)).toEqual([]);
    expect(await queue.claim("w1", [LoadJob])).toBeUndefined();
    expect(await queue.cancel(run.jobId!)).toBe(false);
  });

  it("runs a feed's loads one at a time, and other feeds' loads meanwhile", async () => {
    const feed = newFeed();
    const first = await enqueueLoadRun(feed, "manual", snapshot, "a");
    const a = await claimSoon("w1");
    expect(a.id).toBe(first.jobId);
    // A second load of the same feed is set aside (delayed), not run and not lost; another feed's runs.
    const second = await enqueueLoadRun(feed, "retry", snapshot, "a", { attempt: 2, retryOf: first.id, runAt: new Date() });
    const other = await enqueueLoadRun(newFeed(), "manual", snapshot, "a");
    expect((await claimSoon("w2")).id).toBe(other.jobId);
    expect(await queue.claim("w2", [LoadJob])).toBeUndefined();
    expect(jobRow(second.jobId!).status).toBe("queued");
    await queue.complete(a, "w1", { status: "succeeded", result: {} });
    expect((await claimSoon("w2")).id).toBe(second.jobId);
  });

  it("keeps types apart: a worker asking for one type never takes another's job", async () => {
    const docker = await inTransaction(() => queue.enqueue(DockerDeleteJob, { ownerId: 1, ownerLabel: "x", backend: "docker", id: "1", runId: "1" }));
    await enqueueLoadRun(newFeed(), "manual", snapshot, "a");
    expect((await claimSoon("w1", [DockerDeleteJob])).id).toBe(docker.id);
    expect(await queue.claim("w1", [DockerDeleteJob])).toBeUndefined();
    expect((await claimSoon("w1", [LoadJob])).type).toBe(LoadJob.id);
  });

  it("reaps a job whose worker stopped beating: the lock expires, the job is retried once per attempt, and the dead worker can write nothing", async () => {
    const echo = await inTransaction(() => queue.enqueue(EchoJob, { n: 1 }));
    const dead = await claimSoon("dead", [EchoJob]);
    // No heartbeat: after the lease (1.5 s) BullMQ's stalled-job check takes the delivery.
    const lost: LostJob[] = [];
    const onLost = async (l: LostJob) => void lost.push(l);
    await expect.poll(async () => (await queue.reapExpired(new Date(), onLost)).length, { timeout: 15_000 }).toBe(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ job: { id: echo.id, lastError: expect.stringMatching(/stopped renewing the lock/) }, retryAt: expect.any(Date) });
    expect(jobRow(echo.id)).toMatchObject({ status: "queued", attempts: 1 });
    expect(await queue.heartbeat(dead, "dead")).toBe(false);
    expect(await queue.complete(dead, "dead", { status: "succeeded", result: {} })).toBe(false);
    // The retry is the next attempt's delivery, after the backoff.
    const retry = await claimSoon("alive", [EchoJob]);
    expect(retry).toMatchObject({ id: echo.id, attempts: 2, leasedBy: "alive" });
    expect(await queue.heartbeat(retry, "alive")).toBe(true);
    expect(await queue.reapExpired(new Date(), onLost)).toEqual([]);
    expect(lost).toHaveLength(1);
  });

  it("relays a committed job whose hand-over was lost (a crash between the commit and Redis)", async () => {
    // Written straight to the table, as if the process died right after committing it.
    const row = getDb().insert(jobs).values({ type: DockerDeleteJob.id, payload: { ownerId: 1, ownerLabel: "x", backend: "docker", id: "2", runId: "2" }, runAt: new Date(Date.now() - 10_000), maxAttempts: 1 }).returning().get();
    expect(await queue.claim("w1", [DockerDeleteJob])).toBeUndefined();
    await queue.reapExpired(new Date(Date.now() + 60_000));
    expect((await claimSoon("w1", [DockerDeleteJob])).id).toBe(row.id);
  });

  it("keys the queues by an id the store keeps, whatever the process calls the database", async () => {
    const prefix = await queuePrefix();
    const stored = getDb().select().from(settings).all().find((r) => r.key === "queue.installation")!;
    expect(prefix).toBe(`${process.env.SWITCHYARD_QUEUE_PREFIX}:${stored.value}`);
    expect(await queuePrefix()).toBe(prefix);
  });

  it("gives a claim back when its delivery's lock expired while the claim waited for the store's write lock", async () => {
    const echo = await inTransaction(() => queue.enqueue(EchoJob, { n: 2 }));
    const probe = new Queue(EchoJob.id, { connection: { host: new URL(process.env.REDIS_URL!).hostname, port: Number(new URL(process.env.REDIS_URL!).port || 6379) }, prefix: await queuePrefix() });
    try {
      await expect.poll(() => probe.getJobState(`job:${echo.id}:1`)).toBe("waiting");
      const busy = await holdWriteLock();
      // The claim takes the delivery (active, locked for the 1.5 s lease), then waits for the write lock.
      const claiming = queue.claim("w1", [EchoJob]);
      await expect.poll(() => probe.getJobState(`job:${echo.id}:1`)).toBe("active");
      // Longer than the lease: the stalled-job check sends the delivery back to waiting.
      await expect.poll(() => probe.getJobState(`job:${echo.id}:1`), { timeout: 10_000 }).toBe("waiting");
      await busy.release();
      // Given back and claimed again in the same call, as the first attempt: nothing was lost or run twice.
      const job = await claiming;
      expect(job).toMatchObject({ id: echo.id, attempts: 1, status: "running" });
      expect(await queue.heartbeat(job!, "w1")).toBe(true);
      expect(await probe.getJobState(`job:${echo.id}:1`)).toBe("active");
    } finally {
      await probe.close();
    }
  });

  it("relays a job the row says is due whose delivery is still delayed (a bring-forward that was lost)", async () => {
    const later = await inTransaction(() => queue.enqueue(EchoJob, { n: 3 }, { runAt: new Date(Date.now() + 3_600_000) }));
    expect(await queue.claim("w1", [EchoJob])).toBeUndefined();
    getDb().update(jobs).set({ runAt: new Date(Date.now() - 10_000) }).where(eq(jobs.id, later.id)).run();
    // Later than any earlier case's pass (the relay runs once per 5 s of the clock it is given).
    await queue.reapExpired(new Date(Date.now() + 10 * 60_000));
    expect((await claimSoon("w1", [EchoJob])).id).toBe(later.id);
  });
});
