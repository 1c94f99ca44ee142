// npm run bench:scale — load runs across separate worker processes (issue 13, "Done when"), in both
// modes, one after the other: the embedded SQLite store (console.db under DATA_DIR), then the
// distributed one (a PostgreSQL database of its own at DATABASE_URL, the jobs on BullMQ in the
// machine's Redis at REDIS_URL, default 127.0.0.1:6379; the SQLite warehouse stays under the shared
// DATA_DIR: all processes are on this machine). In each, a console runs with
// SWITCHYARD_WORKER=off beside 1, 2, then 3 `switchyard worker` processes, all at the same
// --concurrency (BENCH_CONCURRENCY, default 2, the worker's own default). Each phase starts 24 load
// runs (24 feeds) whose scripts wait about 2 s on a slow local API (I/O, little CPU) and then load
// 10 records, and times them from the first run queued to the last one finished. Then the API read
// rate in this mode: GET /api/v1/connections/{name} against the framework floor (/api/health/floor)
// with autocannon, as bench:api does. BENCH_RUNS (default 24), BENCH_WAIT_MS (default 2000),
// BENCH_SECONDS (default 10) and BENCH_CLIENTS (default 64) change the sizes.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { redisForSuite } from "../../e2e/support/redis";
import { startServer, startWorkerProcess, type WorkerProcess } from "../../e2e/support/server";
import { startTestApi, TEST_API_HOST } from "../../e2e/support/test-api";
import { scratchPostgres } from "../../lib/testing/scratch-postgres";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const RUNS = Number(process.env.BENCH_RUNS) || 24;
const WAIT_MS = Number(process.env.BENCH_WAIT_MS) || 2_000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY) || 2;
const CLIENTS = Number(process.env.BENCH_CLIENTS) || 64;
const SECONDS = Number(process.env.BENCH_SECONDS) || 10;
const WORKERS = [1, 2, 3];

if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
  console.log("No build in .next: running npm run build");
  const built = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// Scripts may reach the slow API (on 127.0.0.2) and nothing else on this machine.
const admin = { email: "bench@switchyard.test", password: `bench-${crypto.randomBytes(12).toString("base64url")}` };
const baseEnv = { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, SWITCHYARD_NET_ALLOW: `${TEST_API_HOST}/32` };

const slowApi = await startTestApi();
slowApi.setTotal(1_000_000);

// Incremental, as a real feed is: waits on the slow API (three calls), then loads the next 10 records.
const script = `import requests
from lib import outputStream, metadata
start = metadata.get("next_id", 1)
for i in range(3):
    requests.get("${slowApi.url}/sleep", params={"ms": ${Math.round(WAIT_MS / 3)}})
data = requests.get("${slowApi.url}/get-data", params={"from": start, "limit": 10}).json()["data"]
for record in data:
    outputStream.write(record)
metadata.save({"next_id": data[-1]["id"] + 1})
`;

type Run = { id: number; status: string; queuedAt: string; startedAt: string | null; finishedAt: string | null };
type Phase = { workers: number; wallMs: number; meanRunMs: number; failed: number; perWorker: number[] };
type Read = { name: string; rps: number; p50: number; p99: number; bad: number };
type ModeResult = { label: string; phases: Phase[]; floor: Read; byName: Read };

let stopCurrent: (() => Promise<void>) | null = null;
process.on("SIGINT", () => void (stopCurrent?.() ?? Promise.resolve()).finally(() => process.exit(130)));

/** One mode: a console with SWITCHYARD_WORKER=off on `store` (SQLite under its DATA_DIR, or PostgreSQL), 1-3 workers. */
async function benchMode(label: string, storeEnv: Record<string, string>): Promise<ModeResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-scale-"));
  const env = { ...baseEnv, ...storeEnv };
  const server = await startServer({ label: "bench-scale", dataDir, env: { ...env, SWITCHYARD_WORKER: "off" } });
  let workers: WorkerProcess[] = [];
  stopCurrent = async () => void (await Promise.all([...workers.map((w) => w.stop()), server.stop()]));
  // An admin token, made by the CLI as an operator would (on whichever store the server has).
  const made = spawnSync(process.execPath, [path.join(ROOT, "bin/switchyard.mjs"), "tokens", "create", "--user", admin.email, "--name", "bench"], { cwd: ROOT, env: { ...process.env, ...env, DATA_DIR: dataDir }, encoding: "utf8" });
  if (made.status !== 0) throw new Error(`tokens create failed: ${made.stderr}`);
  const token = made.stdout.trim();

  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await fetch(server.baseURL + url, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  const t0 = Date.now();
  const conn = await call<{ id: string }>("POST", "/api/connections", { name: "slow_api", authType: "none" });
  // One real test of the script, which lets this token activate feeds with exactly that script. Test
  // runs are jobs: a worker of its own runs it, stopped before the timed phases.
  const seeder = await startWorkerProcess({ dataDir, concurrency: 1, env, label: "bench-seed-worker" });
  const tested = await call<{ status: string; error: string | null }>("POST", "/api/feeds/test?wait=true", { connectionId: conn.id, language: "python", script }).finally(() => seeder.stop());
  if (tested.status !== "succeeded") throw new Error(`The bench script's test ${tested.status}: ${tested.error}`);
  const feedIds: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const feed = await call<{ id: number }>("POST", "/api/feeds", { name: `scale_${String(i).padStart(2, "0")}`, connectionId: conn.id, language: "python", script, destinations: ["sqlite"], status: "active" });
    feedIds.push(feed.id);
  }
  await call("POST", "/api/v1/connections", { connection: { name: "druid-bench", type: "druid", queryHosts: ["druid.bench.test:8082"] } });
  console.log(`${label}: seeded ${RUNS} feeds in ${((Date.now() - t0) / 1000).toFixed(1)} s; load before the phases: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);

  async function phase(n: number): Promise<Phase> {
    workers = [];
    for (let i = 0; i < n; i++) workers.push(await startWorkerProcess({ dataDir, concurrency: CONCURRENCY, env, label: `bench-worker${i + 1}` }));
    const started = await Promise.all(feedIds.map((id) => call<Run>("POST", `/api/feeds/${id}/runs`, {})));
    // Done when every run's job has ended in some worker's log: polling the console for 24 runs
    // would spend the CPU the workers are measured on (the times come from the runs themselves).
    const endedIn = (text: string, id: number) => text.includes(`"runId":${id},"status":`);
    for (const deadline = Date.now() + 10 * 60_000; ; ) {
      const logs = workers.map((w) => w.log()).join("\n");
      const going = started.filter((r) => !endedIn(logs, r.id)).length;
      if (!going) break;
      if (Date.now() > deadline) throw new Error(`${going} run(s) still going after 10 min`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const runs = await Promise.all(started.map((r) => call<Run>("GET", `/api/runs/${r.id}`)));
    const first = Math.min(...runs.map((r) => Date.parse(r.queuedAt)));
    const last = Math.max(...runs.map((r) => Date.parse(r.finishedAt!)));
    // Which worker ran each: the worker logs the end of each load job it ran.
    const perWorker = workers.map((w) => started.filter((r) => w.log().includes(`"runId":${r.id},`)).length);
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
    return {
      workers: n,
      wallMs: last - first,
      meanRunMs: runs.reduce((s, r) => s + (Date.parse(r.finishedAt!) - Date.parse(r.startedAt!)), 0) / runs.length,
      failed: runs.filter((r) => r.status !== "succeeded").length,
      perWorker,
    };
  }

  const phases: Phase[] = [];
  for (const n of WORKERS) {
    phases.push(await phase(n));
    const p = phases.at(-1)!;
    console.log(`${label}: ${n} worker(s): ${RUNS} runs in ${(p.wallMs / 1000).toFixed(1)} s (load ${os.loadavg()[0].toFixed(2)})`);
  }

  async function measure(name: string, url: string, headers: Record<string, string> = {}) {
    // A short warm-up compiles the route and fills caches before the measured run.
    await autocannon({ url: server.baseURL + url, connections: 8, duration: 2, headers });
    const r = await autocannon({ url: server.baseURL + url, connections: CLIENTS, duration: SECONDS, headers, timeout: 10 });
    return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad: r.errors + r.timeouts + r.non2xx };
  }
  const floor = await measure("floor GET /api/health/floor", "/api/health/floor");
  const byName = await measure("GET /api/v1/connections/{name} (Pivot)", "/api/v1/connections/druid-bench", { authorization: `Bearer ${token}` });
  await stopCurrent!();
  stopCurrent = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { label, phases, floor, byName };
}

const results: ModeResult[] = [await benchMode("embedded", {})];
const scratch = await scratchPostgres("switchyard_bench_scale", { migrated: false });
try {
  // The jobs on BullMQ in the machine's Redis, under a prefix of this run's own (inherited by every process).
  const redis = await redisForSuite();
  try {
    results.push(await benchMode("distributed", { DATABASE_URL: scratch.url }));
  } finally {
    await redis.drop();
  }
} finally {
  await scratch.drop();
  await slowApi.close();
}

const pad = (s: string | number, w: number) => String(s).padStart(w);
console.log(`\n${RUNS} load runs, each script waiting ${WAIT_MS} ms on a slow local API then loading 10 records into the SQLite warehouse; console SWITCHYARD_WORKER=off; --concurrency ${CONCURRENCY} per worker; ${os.cpus().length} CPU(s)`);
for (const r of results) {
  const base = r.phases[0].wallMs;
  console.log(`\n${r.label === "embedded" ? "Embedded store (SQLite under DATA_DIR)" : "Distributed (PostgreSQL at DATABASE_URL, BullMQ on REDIS_URL)"}`);
  console.log(`${"workers".padEnd(9)}${pad("wall s", 8)}${pad("speed-up", 10)}${pad("mean run s", 12)}${pad("failed", 8)}  runs per worker`);
  for (const p of r.phases) {
    console.log(`${String(p.workers).padEnd(9)}${pad((p.wallMs / 1000).toFixed(1), 8)}${pad(`${(base / p.wallMs).toFixed(2)}x`, 10)}${pad((p.meanRunMs / 1000).toFixed(2), 12)}${pad(p.failed, 8)}  ${p.perWorker.join(" + ")}`);
  }
  console.log(`${"endpoint".padEnd(42)}${pad("req/s", 9)}${pad("p50 ms", 8)}${pad("p99 ms", 8)}${pad("bad", 6)}${pad("floor", 7)}`);
  for (const x of [r.floor, r.byName]) console.log(`${x.name.padEnd(42)}${pad(x.rps.toFixed(0), 9)}${pad(x.p50, 8)}${pad(x.p99, 8)}${pad(x.bad, 6)}${pad(`${((x.rps / r.floor.rps) * 100).toFixed(0)}%`, 7)}`);
  const speedup = base / r.phases.at(-1)!.wallMs;
  console.log(`Goal: 3 workers >= 2.5x of 1 worker: ${speedup.toFixed(2)}x, ${speedup >= 2.5 ? "met" : "MISSED"}`);
}
process.exit(results.every((r) => r.phases.every((p) => p.failed === 0) && r.floor.bad === 0 && r.byName.bad === 0) ? 0 : 1);
