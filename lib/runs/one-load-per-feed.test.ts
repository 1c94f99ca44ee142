import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { feeds, jobs, runs } from "@/lib/db/schema";
import { jobQueue } from "@/lib/jobs/queue";
import { LoadJob } from "./load-job";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { enqueueLoadRun, getRun, requestLoadRun, updateRun, type RunSnapshot } from "./service";

const temp = useTempDataDir();
afterAll(temp.cleanup);

const snapshot = (script = "pass"): RunSnapshot => ({
  feedName: "f",
  table: "t",
  connectionId: null,
  language: "python",
  script,
  dependencies: [],
  loadType: "incremental",
  destinations: ["sqlite"],
});

let feedNo = 0;
function newFeed(): number {
  feedNo += 1;
  return getDb().insert(feeds).values({ name: `one_load_${feedNo}`, status: "active" }).returning().get().id;
}

const LOAD = [LoadJob];
const claimJob = (worker: string, defs: typeof LOAD) => jobQueue().claim(worker, defs);

// Each test claims from the queue: it starts empty, so no test takes another's job.
beforeEach(() => {
  getDb().delete(runs).run();
  getDb().delete(jobs).run();
});

describe("one load run per feed", () => {
  it("joins a trigger to the run already queued, with the feed as it is now", async () => {
    const feed = newFeed();
    const first = await requestLoadRun(feed, "webhook", snapshot("v1"), "webhook");
    const second = await requestLoadRun(feed, "webhook", snapshot("v2"), "webhook");
    expect(first.coalesced).toBe(false);
    expect(second.coalesced).toBe(true);
    expect(second.run.id).toBe(first.run.id);
    expect(((await getRun(first.run.id)).snapshot as RunSnapshot).script).toBe("v2");
  });

  it("queues a second run behind a running one and claims it only once the first has ended", async () => {
    const feed = newFeed();
    const other = newFeed();
    const first = await enqueueLoadRun(feed, "manual", snapshot(), "a");
    const job1 = (await claimJob("w1", LOAD))!;
    expect(job1.id).toBe(first.jobId);
    await updateRun(first.id, { status: "running" });

    // A trigger while the first runs: a new queued run (the first can no longer take it in).
    const second = await requestLoadRun(feed, "webhook", snapshot(), "hook");
    expect(second.coalesced).toBe(false);
    const unrelated = await enqueueLoadRun(other, "manual", snapshot(), "a");

    // Any number of workers: none may take the second while the first's job runs, others go on.
    expect((await claimJob("w2", LOAD))?.id).toBe(unrelated.jobId);
    expect(await claimJob("w3", LOAD)).toBeUndefined();

    await jobQueue().complete(job1, "w1", { status: "succeeded", result: {} });
    await updateRun(first.id, { status: "succeeded" });
    expect((await claimJob("w2", LOAD))?.id).toBe(second.run.jobId);
  });

  it("holds back a claimed run that its handler has not started yet (still `queued` in runs)", async () => {
    const feed = newFeed();
    await enqueueLoadRun(feed, "manual", snapshot(), "a");
    await claimJob("w1", LOAD);
    // The first run's job is claimed (the run still says queued): the next trigger queues a second
    // run, the one after joins that second run, and no worker takes it while the first's job runs.
    const second = await requestLoadRun(feed, "manual", snapshot(), "b");
    const third = await requestLoadRun(feed, "manual", snapshot(), "c");
    expect(second.coalesced).toBe(false);
    expect(third).toMatchObject({ coalesced: true, run: { id: second.run.id } });
    expect(await claimJob("w2", LOAD)).toBeUndefined();
  });

  it("brings a run waiting out a retry backoff forward when someone asks for a run now", async () => {
    const feed = newFeed();
    const later = new Date(Date.now() + 3_600_000);
    const retry = await enqueueLoadRun(feed, "retry", snapshot(), "system", { attempt: 2, retryOf: 1, runAt: later });
    const joined = await requestLoadRun(feed, "manual", snapshot(), "a");
    expect(joined).toMatchObject({ coalesced: true, run: { id: retry.id } });
    const job = getDb().select().from(jobs).where(eq(jobs.id, retry.jobId!)).get()!;
    expect(job.runAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("gives concurrent requests one run between them", async () => {
    const feed = newFeed();
    const results = await Promise.all(Array.from({ length: 20 }, () => requestLoadRun(feed, "webhook", snapshot(), "hook")));
    expect(new Set(results.map((r) => r.run.id)).size).toBe(1);
    expect(results.filter((r) => !r.coalesced)).toHaveLength(1);
  });
});
