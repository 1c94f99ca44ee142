// npm run bench:ingest — end-to-end ingest rate of a Python fetch script into the SQLite warehouse,
// against the limit: the same records inserted directly with better-sqlite3 in one process; then
// the same into the local PostgreSQL (COPY through pg-copy-streams), against the limit there: psql
// running COPY of the same rows from a file. BENCH_CASES=sqlite or =postgres runs one of them.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
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

const CASES = (process.env.BENCH_CASES ?? "sqlite,postgres").split(",").map((c) => c.trim());
const PG = { host: process.env.BENCH_PG_HOST ?? "127.0.0.1", port: Number(process.env.BENCH_PG_PORT ?? 5432), database: process.env.BENCH_PG_DATABASE ?? "test", user: process.env.BENCH_PG_USER ?? "postgres" };
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const time = async (fn: () => unknown) => {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
};

/** One load run of the Python script into a destination, timed from queue to commit. */
async function endToEnd(destination: "sqlite" | "postgres", table: string): Promise<number> {
  const feed = getDb().insert(feeds).values({ name: table, script, destinations: [destination], status: "active" }).returning().get();
  const run = await createRun({
    feedId: feed.id,
    kind: "load",
    trigger: "manual",
    createdBy: "bench",
    snapshot: { feedName: table, table, connectionId: null, language: "python", script, dependencies: [], loadType: "incremental", destinations: [destination] },
  });
  let outcome: Awaited<ReturnType<typeof executeRun>> | undefined;
  const seconds = await time(async () => (outcome = await executeRun(run.id)));
  if (outcome!.status !== "succeeded") throw new Error(`bench run ${outcome!.status}: ${outcome!.error}`);
  return seconds;
}

const results: string[] = [`records:                          ${fmt(N)} (5 fields each)`];

if (CASES.includes("sqlite")) {
  const rssBefore = process.memoryUsage().rss;
  const endToEndS = await endToEnd("sqlite", "bench_ingest");
  clearInterval(watcher);
  const serverPeakMb = process.resourceUsage().maxRSS / 1024;
  const loaded = (new Database(warehousePath(), { readonly: true }).prepare("SELECT count(*) AS n FROM bench_ingest").get() as { n: number }).n;
  if (loaded !== N) throw new Error(`expected ${N} rows, found ${loaded}`);

  // The limit: one process, one prepared statement, one transaction, into a table of the same column types.
  const direct = new Database(path.join(process.env.DATA_DIR, "direct.db"));
  direct.pragma("journal_mode = WAL");
  direct.exec(`CREATE TABLE t ("_run_id" INTEGER, "_loaded_at" TEXT, "id" INTEGER, "name" TEXT, "amount" REAL, "active" BOOLEAN, "city" TEXT)`);
  const insert = direct.prepare(`INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const loadedAt = new Date().toISOString();
  const directS = await time(() =>
    direct.transaction(() => {
      for (let i = 0; i < N; i++) insert.run(1, loadedAt, i, "name-" + i, i * 0.25, i % 2 === 0 ? 1 : 0, "Lisbon");
    })(),
  );
  direct.close();
  results.push(
    `end to end (Python -> SQLite):    ${endToEndS.toFixed(2)} s, ${fmt(N / endToEndS)} records/s`,
    `direct better-sqlite3 insert:     ${directS.toFixed(2)} s, ${fmt(N / directS)} records/s`,
    `SQLite end to end / direct:       ${((directS / endToEndS) * 100).toFixed(1)} %`,
    `peak RSS, loader (Node):          ${serverPeakMb.toFixed(0)} MB (${(rssBefore / 1048576).toFixed(0)} MB before the run)`,
    `peak RSS, script (Python):        ${(childPeakKb / 1024).toFixed(0)} MB`,
  );
}
clearInterval(watcher);

if (CASES.includes("postgres")) {
  const { settings } = await import("@/lib/db/schema");
  const pg = (await import("pg")).default;
  const schema = `sy_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client(PG);
  await admin.connect().catch((e: Error) => {
    throw new Error(`The PostgreSQL case needs PostgreSQL at ${PG.host}:${PG.port} (database ${PG.database}, user ${PG.user}): ${e.message}`);
  });
  try {
    const value = { type: "postgres", ...PG, password: "", schema, ssl: false };
    getDb().insert(settings).values({ key: "warehouse", value, secrets: null, updatedAt: new Date(), updatedBy: "bench" }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
    const endToEndS = await endToEnd("postgres", "bench_ingest_pg");
    const loaded = (await admin.query(`SELECT count(*)::int AS n FROM "${schema}".bench_ingest_pg`)).rows[0].n as number;
    if (loaded !== N) throw new Error(`expected ${N} rows in PostgreSQL, found ${loaded}`);

    // The limit: psql's COPY of the same rows, from a file, into a table of the same column types.
    const file = path.join(process.env.DATA_DIR, "direct.tsv");
    const loadedAt = new Date().toISOString();
    const out = fs.openSync(file, "w");
    for (let start = 0; start < N; start += 100_000) {
      let chunk = "";
      for (let i = start; i < Math.min(N, start + 100_000); i++) chunk += `1\t${loadedAt}\t${i}\tname-${i}\t${i * 0.25}\t${i % 2 === 0 ? "t" : "f"}\tLisbon\n`;
      fs.writeSync(out, chunk);
    }
    fs.closeSync(out);
    await admin.query(`CREATE TABLE "${schema}".direct (_run_id bigint, _loaded_at timestamptz, id bigint, name text, amount double precision, active boolean, city text)`);
    const psqlS = await time(() => {
      const r = spawnSync("psql", ["-h", PG.host, "-p", String(PG.port), "-U", PG.user, "-d", PG.database, "-v", "ON_ERROR_STOP=1", "-q", "-c", `\\copy "${schema}".direct FROM '${file}'`], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`psql failed: ${r.stderr || r.error}`);
    });
    const copied = (await admin.query(`SELECT count(*)::int AS n FROM "${schema}".direct`)).rows[0].n as number;
    if (copied !== N) throw new Error(`expected ${N} rows copied by psql, found ${copied}`);
    results.push(
      `end to end (Python -> PostgreSQL): ${endToEndS.toFixed(2)} s, ${fmt(N / endToEndS)} records/s`,
      `psql COPY of the same rows:       ${psqlS.toFixed(2)} s, ${fmt(N / psqlS)} records/s`,
      `PostgreSQL end to end / psql:     ${((psqlS / endToEndS) * 100).toFixed(1)} %`,
    );
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await admin.end();
  }
}

// What no destination can beat: the same script with every record parsed and dropped.
if (process.env.BENCH_FLOOR !== "0") {
  const { runScript } = await import("@/lib/runners/run-script");
  const { LOAD_RUN_LIMITS } = await import("@/lib/runners/limits");
  let seen = 0;
  const floorS = await time(async () => {
    const r = await runScript({ language: "python", script, metadata: {}, connection: { type: "none" }, limits: LOAD_RUN_LIMITS, onLog: () => {}, onRecords: (b) => void (seen += b.length) });
    if (!r.ok || seen !== N) throw new Error(`floor run: ${r.error ?? `${seen} records`}`);
  });
  results.push(`script alone, records dropped:    ${floorS.toFixed(2)} s, ${fmt(N / floorS)} records/s (no destination is faster)`);
}

console.log(results.join("\n"));
fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
process.exit(0);
