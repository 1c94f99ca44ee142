import { eq } from "drizzle-orm";
import { z } from "zod";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { feeds, jobs, runs } from "@/lib/db/schema";
import { defineJob } from "@/lib/jobs/define";
import { enqueue, jobQueue } from "@/lib/jobs/queue";
import { jobDefinitions, onLost } from "@/lib/jobs/registry";
import { startWorker } from "@/lib/jobs/worker";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { cancelRun, createRun, getRun, reapOrphanedTestRuns, testRunLeaseMs, updateRun, type RunSnapshot } from "./service";
import { startTestRun } from "./start";
import { TestJob } from "./test-job";
import { testRunResponse } from "./test-response";

const temp = useTempDataDir();
afterAll(temp.cleanup);

const actor: Actor = { type: "user", userId: 7, label: "t@example.com", role: "editor", ip: null, requestId: null };
const WRITES_ONE = "from lib import outputStream\noutputStream.write({'a': 1})\n";
const WAITS = "import time\nfrom lib import outputStream\nwhile True:\n    print('waiting', flush=True)\n    time.sleep(0.2)\n";
const unsaved = (script: string) => ({ connectionId: null, language: "python" as const, script, dependencies: [] });
const jobRow = (id: number) => getDb().select().from(jobs).where(eq(jobs.id, id)).get()!;

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 25));
  }
}

let worker: ReturnType<typeof startWorker> | null = null;
beforeEach(() => {
  getDb().delete(runs).run();
  getDb().delete(jobs).run();
});
afterEach(async () => {
  await worker?.stop();
  worker = null;
});

describe("test runs through the job queue", () => {
  it("queues the run with its job and runs nothing in this process; a worker executes it, `done` gives the ended run", async () => {
    const started = await startTestRun(actor, unsaved(WRITES_ONE));
    expect(started.run).toMatchObject({ kind: "test", status: "queued", jobId: expect.any(Number) });
    expect(jobRow(started.run.jobId!)).toMatchObject({ type: TestJob.id, status: "queued", payload: { runId: started.run.id }, maxAttempts: 1 });
    expect((await getRun(started.run.id)).jobId).toBe(started.run.jobId);
    // No worker in this process (the request's own code only queued it): nothing executes it.
    expect((await getRun(started.run.id)).status).toBe("queued");

    worker = startWorker({ pollMs: 100 });
    const ended = await started.done;
    expect(ended).toMatchObject({ id: started.run.id, status: "succeeded", records: 1 });
    expect(jobRow(started.run.jobId!)).toMatchObject({ status: "succeeded", leasedBy: worker.id });
  }, 60_000);

  it("marks a feed's script as tested when its test passes on the worker", async () => {
    const feed = getDb().insert(feeds).values({ name: "tested_feed", status: "draft", language: "python", script: WRITES_ONE }).returning().get();
    expect(feed.testedScriptHash).toBeNull();
    worker = startWorker({ pollMs: 100 });
    const ended = await (await startTestRun(actor, { feedId: feed.id })).done;
    expect(ended.status).toBe("succeeded");
    expect(getDb().select().from(feeds).where(eq(feeds.id, feed.id)).get()!.testedScriptHash).not.toBeNull();
  }, 60_000);

  it("stops following the run when the caller gives up: `done` resolves with the run as it is", async () => {
    const started = await startTestRun(actor, unsaved(WRITES_ONE));
    const res = await testRunResponse(false, started);
    expect(res.status).toBe(202);
    // Resolved by stopWaiting, not by the run ending (no worker runs here).
    expect(await started.done).toMatchObject({ id: started.run.id, status: "queued" });
  });

  it("does not reap a queued test run that waits for a busy worker; reaps silent ones the lease does not cover", async () => {
    const waiting = (await startTestRun(actor, unsaved(WRITES_ONE))).run;
    const old = new Date(Date.now() - testRunLeaseMs() - 5_000);
    await updateRun(waiting.id, { queuedAt: old });
    // From before test runs were queued: no job, nobody will ever start it.
    const snapshot = (await getRun(waiting.id)).snapshot as RunSnapshot;
    const legacy = await createRun({ feedId: null, kind: "test", trigger: "manual", snapshot, createdBy: "t" });
    await updateRun(legacy.id, { queuedAt: old });
    // Running, under a job, but its heartbeat stopped: its worker died (the run's beat says so first).
    const silent = (await startTestRun({ ...actor, userId: 8, label: "u@example.com" }, unsaved(WRITES_ONE))).run;
    await updateRun(silent.id, { status: "running", startedAt: old, heartbeatAt: old });

    expect((await reapOrphanedTestRuns()).sort()).toEqual([legacy.id, silent.id].sort());
    expect((await getRun(waiting.id)).status).toBe("queued");
    expect(await getRun(silent.id)).toMatchObject({ status: "failed", errorKind: "server_lost", error: expect.stringContaining("crashed or killed") });
  });

  it("fails a test run whose worker was lost, saying so, and never retries it", async () => {
    const started = await startTestRun(actor, unsaved(WRITES_ONE));
    const job = (await jobQueue().claim("dead-worker", [TestJob]))!;
    expect(job.id).toBe(started.run.jobId);
    await updateRun(started.run.id, { status: "running", startedAt: new Date() });
    getDb().update(jobs).set({ leaseUntil: new Date(Date.now() - 1_000) }).where(eq(jobs.id, job.id)).run();

    const lost = await jobQueue().reapExpired(new Date(), onLost);
    expect(lost.map((l) => l.job.id)).toEqual([job.id]);
    expect(lost[0].retryAt).toBeNull();
    const run = await getRun(started.run.id);
    expect(run).toMatchObject({ status: "failed", errorKind: "server_lost" });
    expect(run.error).toMatch(/^The process running this test .* stopped while it ran \(crashed or killed\): Lease expired .*dead-worker.*Test it again\.$/);
    expect(jobRow(job.id).status).toBe("failed");
    expect(getDb().select().from(jobs).all()).toHaveLength(1);
    expect(await started.done).toMatchObject({ status: "failed", errorKind: "server_lost" });
  });
});

describe("cancelling a test run", () => {
  it("cancels a queued one through its job: no worker ever runs it", async () => {
    const started = await startTestRun(actor, unsaved(WRITES_ONE));
    // Waiting longer than a heartbeat would allow: still the queue's, not an orphan.
    await updateRun(started.run.id, { queuedAt: new Date(Date.now() - 60_000) });
    expect(await cancelRun(actor, started.run.id)).toMatchObject({ status: "cancelled", error: "Cancelled before it started" });
    expect(jobRow(started.run.jobId!).status).toBe("cancelled");
    expect(await started.done).toMatchObject({ status: "cancelled" });
    worker = startWorker({ pollMs: 50 });
    // A test queued after it runs to its end: the worker has looked at the queue, and left the cancelled one.
    const after = await startTestRun(actor, unsaved(WRITES_ONE));
    expect(await after.done).toMatchObject({ status: "succeeded" });
    expect(jobRow(started.run.jobId!).status).toBe("cancelled");
  });

  it("only flags one a worker has claimed but not started: that worker stops it", async () => {
    const started = await startTestRun(actor, unsaved(WRITES_ONE));
    await updateRun(started.run.id, { queuedAt: new Date(Date.now() - 60_000) });
    await jobQueue().claim("w1", [TestJob]);
    expect(await cancelRun(actor, started.run.id)).toMatchObject({ status: "queued", cancelRequested: true });
    started.stopWaiting();
  });

  it("stops a running one on its worker", async () => {
    worker = startWorker({ pollMs: 100 });
    const started = await startTestRun(actor, unsaved(WAITS));
    await until(async () => (await getRun(started.run.id)).status === "running");
    await cancelRun(actor, started.run.id);
    expect(await started.done).toMatchObject({ status: "cancelled", errorKind: "cancelled" });
    await until(() => jobRow(started.run.jobId!).status === "cancelled");
  }, 60_000);
});

describe("the worker's interactive lane", () => {
  // A background job that runs until released: a long load, without a script.
  let release = () => {};
  const Blocker = defineJob({
    id: "test.blocker",
    payload: z.object({}),
    maxAttempts: 1,
    handler: async (_payload, { signal }) => {
      await new Promise<void>((resolve) => {
        release = resolve;
        signal.addEventListener("abort", () => resolve(), { once: true });
      });
      return { status: "succeeded", result: {} };
    },
  });
  beforeEach(() => void jobDefinitions.push(Blocker));
  afterEach(() => void jobDefinitions.splice(jobDefinitions.indexOf(Blocker), 1));

  it("claims a test at once, beside a long background job holding the only background slot", async () => {
    const blocker = await enqueue(Blocker, {});
    // A poll far longer than the test: the test job is claimed because the enqueue woke the worker.
    worker = startWorker({ concurrency: 1, pollMs: 60_000 });
    await until(() => jobRow(blocker.id).status === "running");

    const asked = Date.now();
    const started = await startTestRun(actor, unsaved(WRITES_ONE));
    await until(() => jobRow(started.run.jobId!).status !== "queued", 2_000);
    expect(Date.now() - asked).toBeLessThan(2_000);
    expect(await started.done).toMatchObject({ status: "succeeded" });
    expect(jobRow(blocker.id).status).toBe("running");
    release();
    await until(() => jobRow(blocker.id).status === "succeeded");
  }, 60_000);

  it("keeps background jobs out of the interactive slots", async () => {
    const first = await enqueue(Blocker, {});
    const second = await enqueue(Blocker, {});
    worker = startWorker({ concurrency: 1, interactiveConcurrency: 4, pollMs: 50 });
    await until(() => jobRow(first.id).status === "running");
    // A test run goes through an interactive slot to its end meanwhile; the second background job waits for the first.
    const test = await startTestRun(actor, unsaved(WRITES_ONE));
    expect(await test.done).toMatchObject({ status: "succeeded" });
    expect(jobRow(second.id).status).toBe("queued");
  });
});
