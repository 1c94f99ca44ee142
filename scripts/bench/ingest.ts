// npm run bench:ingest — end-to-end ingest rate of a Python fetch script into the SQLite warehouse,
// against the limit: the same records inserted directly with better-sqlite3 in one process.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const N = Number(process.env.BENCH_RECORDS) || 1_000_000;
// A fresh DATA_DIR would install the base packages (requests) on the first run: that is pip, not
// what these figures measure, and a real installation has them cached.
process.env.SWITCHYARD_BASE_PACKAGES ??= "";
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-"));
process.env.SWITCHYARD_WORKER = "off";

const { ensureBootstrapped } = await import("@/lib/bootstrap");
const { createRun } = await import("@/lib/runs/service");
const { executeRun } = await import("@/lib/runs/execute");
const { warehousePath } = await import("@/lib/destinations/sqlite-warehouse");
const { getDb } = await import("@/lib/db/client");
const { feeds } = await import("@/lib/db/schema");

await ensureBootstrapped({ announce: () => {} });

const script = `from lib import outputStream
for i in range(${N}):
    outputStream.write({"id": i, "name": "name-" + str(i), "amount": i * 0.25, "active": i % 2 == 0, "city": "Lisbon"})
`;

// Peak RSS of the script's Python process, read from /proc while it runs. The script is several
// levels down (sh -> bwrap -> bwrap's reaper -> sandbox_init -> python), so the watcher walks the
// tree below this process; it looks four times a second to keep its own cost off the loader.
let childPeakKb = 0;
const watcher = setInterval(() => {
  const parentOf = new Map<number, number>();
  const pythons: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      parentOf.set(Number(entry), Number(stat.slice(close + 2).split(" ")[1]));
      if (stat.slice(stat.indexOf("(") + 1, close).startsWith("python")) pythons.push(Number(entry));
    } catch {
      // process went away
    }
  }
  for (const pid of pythons) {
    let up = parentOf.get(pid);
    for (let depth = 0; up && up !== process.pid && depth < 8; depth++) up = parentOf.get(up);
    if (up !== process.pid) continue;
    try {
      const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (hwm) childPeakKb = Math.max(childPeakKb, Number(hwm[1]));
    } catch {
      // gone
    }
  }
}, 250);

const feed = getDb().insert(feeds).values({ name: "bench_ingest", script, destinations: ["sqlite"], status: "active" }).returning().get();
const run = createRun({
  feedId: feed.id,
  kind: "load",
  trigger: "manual",
  createdBy: "bench",
  snapshot: { feedName: "bench_ingest", table: "bench_ingest", connectionId: null, language: "python", script, dependencies: [], loadType: "incremental", destinations: ["sqlite"] },
});
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const outcome = await executeRun(run.id);
const endToEndS = (performance.now() - t0) / 1000;
clearInterval(watcher);
const serverPeakMb = process.resourceUsage().maxRSS / 1024;
if (outcome.status !== "succeeded") throw new Error(`bench run ${outcome.status}: ${outcome.error}`);
const loaded = (new Database(warehousePath(), { readonly: true }).prepare("SELECT count(*) AS n FROM bench_ingest").get() as { n: number }).n;
if (loaded !== N) throw new Error(`expected ${N} rows, found ${loaded}`);

// The limit: one process, one prepared statement, one transaction.
const direct = new Database(path.join(process.env.DATA_DIR, "direct.db"));
direct.pragma("journal_mode = WAL");
direct.exec(`CREATE TABLE t ("_run_id" INTEGER, "_loaded_at" TEXT, "id", "name", "amount", "active", "city")`);
const insert = direct.prepare(`INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)`);
const loadedAt = new Date().toISOString();
const t1 = performance.now();
direct.transaction(() => {
  for (let i = 0; i < N; i++) insert.run(1, loadedAt, i, "name-" + i, i * 0.25, i % 2 === 0 ? 1 : 0, "Lisbon");
})();
const directS = (performance.now() - t1) / 1000;
direct.close();

const e2eRate = N / endToEndS;
const directRate = N / directS;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(`records:                       ${fmt(N)} (5 fields each)`);
console.log(`end to end (Python -> SQLite): ${endToEndS.toFixed(2)} s, ${fmt(e2eRate)} records/s`);
console.log(`direct better-sqlite3 insert:  ${directS.toFixed(2)} s, ${fmt(directRate)} records/s`);
console.log(`end to end / direct:           ${((e2eRate / directRate) * 100).toFixed(1)} %`);
console.log(`peak RSS, loader (Node):       ${serverPeakMb.toFixed(0)} MB (${(rssBefore / 1048576).toFixed(0)} MB before the run)`);
console.log(`peak RSS, script (Python):     ${(childPeakKb / 1024).toFixed(0)} MB`);
fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
process.exit(0);
