// npm run bench:scale — load runs across separate worker processes (issue 13, "Done when").
// Runs on the embedded SQLite store (console.db and the SQLite warehouse under one DATA_DIR) until
// the PostgreSQL store exists; then only the store's URL changes. A console runs with
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
import { startServer, startWorkerProcess, type WorkerProcess } from "../../e2e/support/server";
import { startTestApi, TEST_API_HOST } from "../../e2e/support/test-api";

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

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-scale-"));
process.env.DATA_DIR = dataDir;
const admin = { email: "bench@switchyard.test", password: `bench-${crypto.randomBytes(12).toString("base64url")}` };
process.env.ADMIN_EMAIL = admin.email;
process.env.ADMIN_PASSWORD = admin.password;
// Scripts may reach the slow API (on 127.0.0.2) and nothing else on this machine.
const env = { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, SWITCHYARD_NET_ALLOW: `${TEST_API_HOST}/32` };

// The first start's work and an admin token, in this process; then the console serves the same DATA_DIR.
const { ensureBootstrapped } = await import("@/lib/bootstrap");
await ensureBootstrapped({ announce: () => {} });
const { getDb } = await import("@/lib/db/client");
const { apiTokens, users } = await import("@/lib/db/schema");
const { generateToken, hashToken, displayPrefix } = await import("@/lib/tokens/hashing");
const token = generateToken();
getDb()
  .insert(apiTokens)
  .values({ userId: getDb().select().from(users).get()!.id, name: "bench", role: "admin", prefix: displayPrefix(token), tokenHash: hashToken(token) })
  .run();
getDb().$client.close();

const slowApi = await startTestApi();
slowApi.setTotal(1_000_000);
const server = await startServer({ label: "bench-scale", dataDir, env: { ...env, SWITCHYARD_WORKER: "off" } });
let workers: WorkerProcess[] = [];
const stopAll = async () => {
  await Promise.all([...workers.map((w) => w.stop()), server.stop()]);
  await slowApi.close();
};
process.on("SIGINT", () => void stopAll().finally(() => process.exit(130)));

const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(server.baseURL + url, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

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

const t0 = Date.now();
const conn = await call<{ id: string }>("POST", "/api/connections", { name: "slow_api", authType: "none" });
// One real test of the script (in the console: test runs are not queued), which lets this token
// activate feeds with exactly that script.
const tested = await call<{ status: string; error: string | null }>("POST", "/api/feeds/test?wait=true", { connectionId: conn.id, language: "python", script });
if (tested.status !== "succeeded") throw new Error(`The bench script's test ${tested.status}: ${tested.error}`);
const feedIds: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const feed = await call<{ id: number }>("POST", "/api/feeds", { name: `scale_${String(i).padStart(2, "0")}`, connectionId: conn.id, language: "python", script, destinations: ["sqlite"], status: "active" });
  feedIds.push(feed.id);
}
await call("POST", "/api/v1/connections", { connection: { name: "druid-bench", type: "druid", queryHosts: ["druid.bench.test:8082"] } });
console.log(`Seeded ${RUNS} feeds in ${((Date.now() - t0) / 1000).toFixed(1)} s; load before the phases: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);

type Run = { id: number; status: string; queuedAt: string; startedAt: string | null; finishedAt: string | null };
type Phase = { workers: number; wallMs: number; meanRunMs: number; failed: number; perWorker: number[] };

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
  console.log(`${n} worker(s): ${RUNS} runs in ${(p.wallMs / 1000).toFixed(1)} s (load ${os.loadavg()[0].toFixed(2)})`);
}

async function measure(name: string, url: string, headers: Record<string, string> = {}) {
  // A short warm-up compiles the route and fills caches before the measured run.
  await autocannon({ url: server.baseURL + url, connections: 8, duration: 2, headers });
  const r = await autocannon({ url: server.baseURL + url, connections: CLIENTS, duration: SECONDS, headers, timeout: 10 });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad: r.errors + r.timeouts + r.non2xx };
}
const floor = await measure("floor GET /api/health/floor", "/api/health/floor");
const byName = await measure("GET /api/v1/connections/{name} (Pivot)", "/api/v1/connections/druid-bench", { authorization: `Bearer ${token}` });
await stopAll();

const pad = (s: string | number, w: number) => String(s).padStart(w);
const base = phases[0].wallMs;
console.log(`\nEmbedded SQLite store (the PostgreSQL store does not exist yet); console SWITCHYARD_WORKER=off; --concurrency ${CONCURRENCY} per worker`);
console.log(`${RUNS} load runs, each script waiting ${WAIT_MS} ms on a slow local API then loading 10 records into the SQLite warehouse; ${os.cpus().length} CPU(s)\n`);
console.log(`${"workers".padEnd(9)}${pad("wall s", 8)}${pad("speed-up", 10)}${pad("mean run s", 12)}${pad("failed", 8)}  runs per worker`);
for (const p of phases) {
  console.log(`${String(p.workers).padEnd(9)}${pad((p.wallMs / 1000).toFixed(1), 8)}${pad(`${(base / p.wallMs).toFixed(2)}x`, 10)}${pad((p.meanRunMs / 1000).toFixed(2), 12)}${pad(p.failed, 8)}  ${p.perWorker.join(" + ")}`);
}
console.log(`\n${"endpoint".padEnd(42)}${pad("req/s", 9)}${pad("p50 ms", 8)}${pad("p99 ms", 8)}${pad("bad", 6)}${pad("floor", 7)}`);
for (const r of [floor, byName]) console.log(`${r.name.padEnd(42)}${pad(r.rps.toFixed(0), 9)}${pad(r.p50, 8)}${pad(r.p99, 8)}${pad(r.bad, 6)}${pad(`${((r.rps / floor.rps) * 100).toFixed(0)}%`, 7)}`);
const speedup = base / phases.at(-1)!.wallMs;
console.log(`\nGoal: 3 workers >= 2.5x of 1 worker: ${speedup.toFixed(2)}x, ${speedup >= 2.5 ? "met" : "MISSED"}`);
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(phases.every((p) => p.failed === 0) && floor.bad === 0 && byName.bad === 0 ? 0 : 1);
