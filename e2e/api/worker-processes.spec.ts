import crypto from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { signedIn } from "../support/api";
import { createConnection, createFeed, logText, testRun, vouchForScript, waitForRun, warehouseRows, type Run } from "../support/feeds";
import { startServer, startWorkerProcess, type RunningServer, type WorkerProcess } from "../support/server";
import { registerPostgresStore } from "../support/store";
import { startTestApi, type TestApi } from "../support/test-api";
import { scratchPostgres } from "../../lib/testing/scratch-postgres";

// Process roles (issue 13, item 4): a console with SWITCHYARD_WORKER=off and separate `switchyard
// worker` processes on the same DATA_DIR, on the embedded store, and on PostgreSQL in the
// distributed suite (E2E_STORE=postgres, scripts/e2e.mjs). Everything they share goes through the
// store: the job queue and its leases, the runs, their logs, cancel requests. Each test runs its own
// console and workers (one of them kills a worker within a lease), so the spec is in the alone project.

let api: TestApi;
test.beforeAll(async () => {
  api = await startTestApi();
  api.setTotal(100_000);
});
test.afterAll(async () => api.close());

const ADMIN = { email: "admin@workers.test", password: "workers-admin-password" };

type Cluster = { server: RunningServer; workers: WorkerProcess[]; ctx: APIRequestContext; databaseUrl: string | null; stop: () => Promise<void> };

async function cluster(label: string, options: { concurrency: number; env?: Record<string, string> }): Promise<Cluster> {
  // In the distributed suite (E2E_STORE=postgres) the cluster's store is a PostgreSQL database of its own.
  const scratch = process.env.E2E_STORE === "postgres" ? await scratchPostgres(`switchyard_${label.replace(/\W/g, "_")}`, { migrated: false }) : null;
  const env: Record<string, string> = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...options.env, ...(scratch ? { DATABASE_URL: scratch.url } : {}) };
  const server = await startServer({ label, env: { ...env, SWITCHYARD_WORKER: "off" } });
  if (scratch) registerPostgresStore(server.dataDir, scratch.url);
  const workers: WorkerProcess[] = [];
  const dropStore = async () => void (await scratch?.drop());
  try {
    for (const n of [1, 2]) workers.push(await startWorkerProcess({ dataDir: server.dataDir, concurrency: options.concurrency, env, label: `worker${n}` }));
    // A connection per request: these tests poll in bursts with idle gaps, and a kept-alive socket
    // idle for the server's keep-alive timeout (5 s) can be closed by it just as the client reuses
    // it (CI saw one ECONNRESET that way; browsers retry such a request, Playwright's client does not).
    const ctx = await signedIn(ADMIN.email, ADMIN.password, server.baseURL, { connection: "close" });
    const stop = async () => {
      await Promise.all([...workers.map((w) => w.stop()), server.stop()]);
      await dropStore();
    };
    return { server, workers, ctx, databaseUrl: scratch?.url ?? null, stop };
  } catch (e) {
    await Promise.all([...workers.map((w) => w.kill()), server.kill()]);
    await dropStore();
    throw e;
  }
}

/** Which process executed a run: the first line of its log names it (lib/runs/execute.ts). */
async function executorOf(ctx: APIRequestContext, runId: number): Promise<string | null> {
  return /started on (worker \S+|the console \([^)]+\))/.exec(await logText(ctx, runId))?.[1] ?? null;
}

/** Incremental: waits on the slow API, then writes `per` records from where the last run stopped. */
const slowIncremental = (waitMs: number, per = 5, extra = "") => `import requests
from lib import outputStream, metadata
start = metadata.get("next_id", 1)
for i in range(3):
    requests.get("${api.url}/sleep", params={"ms": ${Math.round(waitMs / 3)}})
    print(f"waited {i}", flush=True)
data = requests.get("${api.url}/get-data", params={"from": start, "limit": ${per}}).json()["data"]
for record in data:
    outputStream.write(record)
metadata.save({"next_id": data[-1]["id"] + 1})
${extra}`;

async function startRun(ctx: APIRequestContext, feedId: number) {
  const res = await ctx.post(`/api/feeds/${feedId}/runs`, { data: {} });
  expect(res.status(), await res.text()).toBe(202);
  return (await res.json()) as Run & { coalesced: boolean };
}

type FullRun = Run & { startedAt: string | null; finishedAt: string | null; feedId: number };
const feedRuns = async (ctx: APIRequestContext, feedId: number) => ((await (await ctx.get(`/api/feeds/${feedId}/runs?pageSize=100`)).json()) as { runs: FullRun[] }).runs;
const ended = (r: Run) => r.status !== "queued" && r.status !== "running";

/** A feed's warehouse rows, its state and runs agree: every row from a succeeded run, each id once, the state where the last succeeded run left it. */
async function expectConsistent(ctx: APIRequestContext, feed: { id: number; name: string }, dataDir: string, per: number) {
  const runs = await feedRuns(ctx, feed.id);
  const succeeded = runs.filter((r) => r.status === "succeeded");
  const rows = warehouseRows(feed.name.toLowerCase(), dataDir);
  const ids = rows.map((r) => Number(r.id));
  expect(new Set(ids).size, "no record loaded twice").toBe(ids.length);
  expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: per * succeeded.length }, (_, i) => i + 1));
  const fromSucceeded = new Set(succeeded.map((r) => r.id));
  expect(rows.filter((r) => !fromSucceeded.has(Number(r._run_id))), "no rows of a run that did not succeed").toEqual([]);
  const state = (await (await ctx.get(`/api/feeds/${feed.id}/state`)).json()).state;
  expect(state).toEqual({ next_id: per * succeeded.length + 1 });
  const last = succeeded.sort((a, b) => a.id - b.id).at(-1)!;
  expect(await logText(ctx, last.id)).toContain(`State saved by the script: ${JSON.stringify(state)}`);
}

test.describe("a console with SWITCHYARD_WORKER=off and two worker processes", () => {
  let c: Cluster;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    // One job at a time per worker: a second worker idle beside a busy one would take any job it may.
    c = await cluster("roles", { concurrency: 1 });
  });
  test.afterAll(async () => c?.stop());

  test("the console runs no worker; load runs started through the API execute in the worker processes", async () => {
    test.setTimeout(180_000);
    expect(c.server.log()).not.toContain("Worker started");
    const conn = await createConnection(c.ctx, { authType: "none" });
    const feeds: { id: number; name: string }[] = [];
    for (let i = 0; i < 4; i++) feeds.push(await createFeed(c.ctx, { connectionId: conn.id, script: slowIncremental(1200) }, { dataDir: c.server.dataDir }));
    const started = await Promise.all(feeds.map((f) => startRun(c.ctx, f.id)));
    const runs = await Promise.all(started.map((r) => waitForRun(c.ctx, r.id, 90_000)));
    expect(runs.map((r) => r.status)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
    const executors = await Promise.all(runs.map((r) => executorOf(c.ctx, r.id)));
    const workerNames = c.workers.map((w) => `worker ${w.id}`);
    for (const e of executors) expect(workerNames).toContain(e);
    // Four runs of about 1.2 s each, one at a time per worker: both workers took some.
    expect(new Set(executors).size).toBe(2);
    for (const r of runs) expect(c.workers.some((w) => w.log().includes(`"runId":${r.id},"status":"succeeded"`))).toBe(true);
    for (const f of feeds) await expectConsistent(c.ctx, f, c.server.dataDir, 5);
  });

  test("a run's logs and live status reach the console's event stream while a worker executes it", async () => {
    test.setTimeout(120_000);
    const conn = await createConnection(c.ctx, { authType: "none" });
    const feed = await createFeed(c.ctx, { connectionId: conn.id, script: slowIncremental(2400) }, { dataDir: c.server.dataDir });
    const run = await startRun(c.ctx, feed.id);
    const cookie = (await c.ctx.storageState()).cookies.map((k) => `${k.name}=${k.value}`).join("; ");
    const res = await fetch(`${c.server.baseURL}/api/runs/${run.id}/events`, { headers: { cookie } });
    expect(res.status).toBe(200);
    // Each event as it arrived, with the run's status as the stream last reported it.
    const seen: { event: string; status: string | null; lines: string[] }[] = [];
    let status: string | null = null;
    const decoder = new TextDecoder();
    let buffer = "";
    const reader = res.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (!event || !data) continue;
        const body = JSON.parse(data);
        if (event === "status" || event === "done") status = body.status;
        seen.push({ event, status, lines: event === "log" ? body.lines.map((l: { line: string }) => l.line) : [] });
      }
      if (seen.some((s) => s.event === "done")) break;
    }
    await reader.cancel();
    const logs = seen.filter((s) => s.event === "log");
    const lines = logs.flatMap((s) => s.lines);
    expect(lines.find((l) => l.includes("started on worker"))).toMatch(new RegExp(`started on worker (${c.workers.map((w) => w.id).join("|")}) `));
    // The script's lines arrived while the run was running in the other process, not only at the end.
    expect(logs.find((s) => s.lines.includes("waited 0"))?.status).toBe("running");
    expect(lines).toContain("waited 2");
    const statuses = seen.map((s) => s.status).filter((s, i, all) => s !== null && s !== all[i - 1]);
    expect(statuses.slice(statuses[0] === "queued" ? 1 : 0)).toEqual(["running", "succeeded"]);
    expect(seen.at(-1)).toMatchObject({ event: "done", status: "succeeded" });
  });

  test("Cancel from the console stops a run executing in a worker process; it loads nothing", async () => {
    test.setTimeout(120_000);
    const conn = await createConnection(c.ctx, { authType: "none" });
    const feed = await createFeed(c.ctx, { connectionId: conn.id, script: slowIncremental(300) }, { dataDir: c.server.dataDir });
    const marker = crypto.randomBytes(6).toString("hex");
    // Writes its records, then waits for a flag no one raises: only Cancel ends it.
    const waits = slowIncremental(300, 5, `import time\nwhile not requests.get("${api.url}/flags?name=${marker}").json()["set"]:\n    print("still waiting", flush=True)\n    time.sleep(0.3)\n`);
    await vouchForScript(c.ctx, feed.id, { script: waits }, "waits for a flag no test raises", c.server.dataDir);
    expect((await c.ctx.patch(`/api/feeds/${feed.id}`, { data: { script: waits } })).status()).toBe(200);
    const run = await startRun(c.ctx, feed.id);
    await expect.poll(async () => (await logText(c.ctx, run.id)).includes("still waiting"), { timeout: 60_000 }).toBe(true);
    const executor = await executorOf(c.ctx, run.id);
    const worker = c.workers.find((w) => executor === `worker ${w.id}`)!;
    expect(worker).toBeTruthy();
    const asked = Date.now();
    const res = await c.ctx.post(`/api/runs/${run.id}/cancel`, { data: {} });
    expect(res.status(), await res.text()).toBe(200);
    const cancelled = (await waitForRun(c.ctx, run.id, 20_000)) as FullRun;
    expect(cancelled).toMatchObject({ status: "cancelled", errorKind: "cancelled" });
    expect(cancelled.error).toContain("nothing was loaded");
    expect(new Date(cancelled.finishedAt!).getTime() - asked).toBeLessThan(10_000);
    await expect.poll(() => worker.log().includes(`"runId":${run.id},"status":"cancelled"`)).toBe(true);
    expect(warehouseRows(feed.name.toLowerCase(), c.server.dataDir)).toEqual([]);
    // The worker is free again: the feed's next run (its flag raised) succeeds.
    api.setFlag(marker);
    expect(await waitForRun(c.ctx, (await startRun(c.ctx, feed.id)).id)).toMatchObject({ status: "succeeded" });
    await expectConsistent(c.ctx, feed, c.server.dataDir, 5);
  });

  test("one run per feed at a time holds across the two workers", async () => {
    test.setTimeout(120_000);
    const conn = await createConnection(c.ctx, { authType: "none" });
    const feed = await createFeed(c.ctx, { connectionId: conn.id, script: slowIncremental(1500) }, { dataDir: c.server.dataDir });
    // Run now, again and again for 5 s: while a run executes on one worker, the next one waits
    // queued although the other worker is idle; the requests in between join the queued run.
    const answers: (Run & { coalesced: boolean })[] = [];
    // Asks until a second run was queued and a later request joined a queued run (polled, up to 60 s).
    for (const until = Date.now() + 60_000; Date.now() < until; ) {
      answers.push(await startRun(c.ctx, feed.id));
      if (new Set(answers.map((a) => a.id)).size >= 2 && answers.some((a) => a.coalesced)) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    const ids = [...new Set(answers.map((a) => a.id))];
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(answers.some((a) => a.coalesced)).toBe(true);
    const runs = (await Promise.all(ids.map((id) => waitForRun(c.ctx, id, 90_000)))) as FullRun[];
    expect(runs.map((r) => r.status)).toEqual(runs.map(() => "succeeded"));
    const spans = runs.map((r) => [new Date(r.startedAt!).getTime(), new Date(r.finishedAt!).getTime()]).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0], "a run started before the previous one of its feed ended").toBeGreaterThanOrEqual(spans[i - 1][1]);
    const executors = new Set(await Promise.all(ids.map((id) => executorOf(c.ctx, id))));
    for (const e of executors) expect(c.workers.map((w) => `worker ${w.id}`)).toContain(e);
    await expectConsistent(c.ctx, feed, c.server.dataDir, 5);
  });

  test("a scheduled tick fires exactly once across the two workers, each of which checks the schedules", async () => {
    test.setTimeout(120_000);
    const conn = await createConnection(c.ctx, { authType: "none" });
    const feeds: { id: number; name: string }[] = [];
    for (let i = 0; i < 4; i++) feeds.push(await createFeed(c.ctx, { connectionId: conn.id, script: slowIncremental(200) }, { dataDir: c.server.dataDir }));
    // One tick each, a few seconds ahead: both workers see it come due on their next poll.
    const at = new Date(Date.now() + 3_000).toISOString();
    for (const f of feeds) {
      const res = await c.ctx.patch(`/api/feeds/${f.id}`, { data: { trigger: { type: "once", at } } });
      expect(res.status(), await res.text()).toBe(200);
    }
    await expect.poll(async () => (await Promise.all(feeds.map((f) => feedRuns(c.ctx, f.id)))).every((runs) => runs.length > 0 && runs.every(ended)), { timeout: 60_000 }).toBe(true);
    // A second firing would have queued its run at the tick too, beside the first: one run per feed.
    for (const f of feeds) {
      const runs = await feedRuns(c.ctx, f.id);
      expect(runs.map((r) => [r.trigger, r.status])).toEqual([["once", "succeeded"]]);
    }
  });

  test("a test run (the Test button) with the console's worker off runs on a worker process, never in the console", async () => {
    const conn = await createConnection(c.ctx, { authType: "none" });
    const feed = await createFeed(c.ctx, { connectionId: conn.id, script: slowIncremental(300), status: "draft" });
    const run = await testRun(c.ctx, feed.id);
    expect(run).toMatchObject({ status: "succeeded", records: 5 });
    // A test run is a job of the interactive lane: the console that took the request runs no script.
    expect(c.workers.map((w) => `worker ${w.id}`)).toContain(await executorOf(c.ctx, run.id));
    expect(warehouseRows(feed.name.toLowerCase(), c.server.dataDir)).toEqual([]);
  });
});

test("kill -9 of one worker during 20 load runs: each ends within the lease, retries run on the other worker, no partial rows", async () => {
  test.setTimeout(300_000);
  const LEASE = 4_000;
  const c = await cluster("kill9-worker", { concurrency: 2, env: { SWITCHYARD_JOB_LEASE_MS: String(LEASE), SWITCHYARD_RETRY_BACKOFF_MS: "500" } });
  try {
    const [victim, survivor] = c.workers;
    const conn = await createConnection(c.ctx, { authType: "none" });
    const feeds: { id: number; name: string }[] = [];
    for (let i = 0; i < 5; i++) feeds.push(await createFeed(c.ctx, { connectionId: conn.id, script: slowIncremental(1500) }, { dataDir: c.server.dataDir }));
    // Four runs per feed, each started once the feed is idle (its retries done), so none joins another.
    const startedIds: number[] = [];
    const drive = async (feedId: number) => {
      for (let k = 0; k < 4; k++) {
        const run = await startRun(c.ctx, feedId);
        expect(run.coalesced).toBe(false);
        startedIds.push(run.id);
        await expect.poll(async () => (await feedRuns(c.ctx, feedId)).every(ended), { timeout: 120_000, intervals: [300] }).toBe(true);
      }
    };
    let killedAt = 0;
    let inFlightOnVictim: number[] = [];
    const killer = (async () => {
      // Once a few runs are done and the victim executes at least one, kill it with no warning.
      await expect
        .poll(
          async () => {
            if (startedIds.length < 6) return false;
            // Only runs that started moments ago: each lasts over 1.5 s, so one is surely still in
            // flight at the kill (one about to end could finish between this look and the kill).
            const running = (await Promise.all(feeds.map((f) => feedRuns(c.ctx, f.id))))
              .flat()
              .filter((r) => r.status === "running" && r.startedAt && Date.now() - new Date(r.startedAt).getTime() < 600);
            const onVictim = [];
            for (const r of running) if ((await executorOf(c.ctx, r.id)) === `worker ${victim.id}`) onVictim.push(r.id);
            inFlightOnVictim = onVictim;
            return onVictim.length > 0;
          },
          { timeout: 120_000, intervals: [200] },
        )
        .toBe(true);
      killedAt = Date.now();
      await victim.kill();
    })();
    await Promise.all([...feeds.map((f) => drive(f.id)), killer]);
    expect(startedIds).toHaveLength(20);

    const all = (await Promise.all(feeds.map((f) => feedRuns(c.ctx, f.id)))).flat();
    // Every run ended succeeded or failed; none was left running or cancelled.
    expect(all.filter((r) => r.status !== "succeeded" && r.status !== "failed")).toEqual([]);
    for (const id of startedIds) expect(all.find((r) => r.id === id)).toBeTruthy();
    // The runs the victim had in flight failed as lost, within the lease (plus a tick of the survivor).
    const lost = all.filter((r) => r.errorKind === "worker_lost");
    // In flight at the kill: the runs the victim executed whose end it never logged. (The runs seen
    // running before the kill may have ended in the moment between that look and the kill.)
    const victimLog = victim.log();
    const onVictim = [];
    for (const r of all) if ((await executorOf(c.ctx, r.id)) === `worker ${victim.id}`) onVictim.push(r.id);
    inFlightOnVictim = onVictim.filter((id) => !victimLog.includes(`"runId":${id},`));
    expect(inFlightOnVictim.length, "the victim had a run in flight when it was killed").toBeGreaterThan(0);
    expect(lost.map((r) => r.id).sort()).toEqual(expect.arrayContaining(inFlightOnVictim.sort()));
    for (const r of lost) {
      expect(r.error).toContain("crashed or killed");
      // Only the killed worker's runs: a live worker never loses its lease (before the SQLite
      // warehouse's write lock was taken without blocking, a worker waiting for it stalled for
      // seconds and the other one reaped its runs while nobody had died).
      const after = new Date(r.finishedAt!).getTime() - killedAt;
      expect(after, `run ${r.id} was lost ${-after} ms before the kill`).toBeGreaterThanOrEqual(0);
      expect(after, `run ${r.id} ended ${after} ms after the kill`).toBeLessThan(LEASE + 2_000);
      expect([`worker ${victim.id}`, null]).toContain(await executorOf(c.ctx, r.id));
    }
    // Each lost run was retried as a new run, on the surviving worker, and the retry succeeded.
    for (const r of lost) {
      const retry = all.find((x) => x.retryOf === r.id);
      expect(retry, `a retry of run ${r.id}`).toMatchObject({ trigger: "retry", attempt: r.attempt + 1, status: "succeeded" });
      expect(await executorOf(c.ctx, retry!.id)).toBe(`worker ${survivor.id}`);
    }
    // Every other run succeeded; nothing else failed.
    expect(all.filter((r) => r.status === "failed" && r.errorKind !== "worker_lost")).toEqual([]);
    for (const f of feeds) await expectConsistent(c.ctx, f, c.server.dataDir, 5);
    console.log(`[workers] ${all.length} runs (${lost.length} lost with the killed worker, retried): ${lost.map((r) => `#${r.id} ended ${new Date(r.finishedAt!).getTime() - killedAt} ms after the kill`).join(", ")}`);
  } finally {
    await c.stop();
  }
});

test("two console instances: kill -9 of one while writes go to both; the other keeps serving and no acknowledged write is lost", async () => {
  test.setTimeout(180_000);
  const c = await cluster("kill9-console", { concurrency: 1 });
  const env = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SWITCHYARD_WORKER: "off", ...(c.databaseUrl ? { DATABASE_URL: c.databaseUrl } : {}) };
  const second = await startServer({ dataDir: c.server.dataDir, env });
  try {
    const other = await signedIn(ADMIN.email, ADMIN.password, second.baseURL, { connection: "close" });
    const acknowledged: string[] = [];
    const write = async (ctx: APIRequestContext, name: string) => {
      try {
        const res = await ctx.post("/api/connections", { data: { name, authType: "none" } });
        if (res.status() === 201) acknowledged.push(name);
        else expect(res.status(), await res.text()).toBeGreaterThanOrEqual(500); // only the dying instance may fail
      } catch {
        // The killed instance's connection refused or reset: never acknowledged.
      }
    };
    const prefix = `kc_${crypto.randomBytes(3).toString("hex")}`;
    // Writes to both instances at once, in rounds; the first instance is killed during round 5.
    for (let round = 0; round < 12; round++) {
      const writes = [write(c.ctx, `${prefix}_a${round}`), write(other, `${prefix}_b${round}`), write(c.ctx, `${prefix}_c${round}`), write(other, `${prefix}_d${round}`)];
      if (round === 5) writes.push(c.server.kill());
      await Promise.all(writes);
    }
    // Every write to the survivor succeeded, before the kill and after it.
    for (let round = 0; round < 12; round++) for (const k of ["b", "d"]) expect(acknowledged).toContain(`${prefix}_${k}${round}`);
    // Every acknowledged write, to either instance, is in the store the survivor serves.
    const listed = ((await (await other.get(`/api/connections?q=${prefix}&limit=500`)).json()) as { connections: { name: string }[] }).connections.map((x) => x.name);
    expect(listed).toEqual(expect.arrayContaining(acknowledged));
    // Anything else listed is a write to the killed instance that committed as it died, its answer lost.
    for (const extra of listed.filter((n) => !acknowledged.includes(n))) expect(extra).toMatch(/_[ac]\d+$/);
    expect(acknowledged.filter((n) => /_[ac]\d+$/.test(n)).length, "the first instance acknowledged writes before it was killed").toBeGreaterThan(0);
    expect((await other.get("/api/health")).status()).toBe(200);
  } finally {
    await second.stop();
    await c.stop();
  }
});
