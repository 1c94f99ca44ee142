// npm run bench:api — API throughput against `next start` with 1,000 rows stored (issue 14, item 5).
// Builds first when .next is missing; seeds a temp DATA_DIR with 1,000 Druid and 1,000 database
// connections (the database ones on a SQLite file, as the Dataherald API would make them), starts
// `next start` on it, then runs autocannon at 64 clients against each endpoint and a 30 s mixed
// create/read/update workload, and counts rows afterwards: every acknowledged (2xx) create is stored.
// BENCH_SECONDS (default 10) sets each read endpoint's duration, BENCH_CLIENTS (default 64) the clients.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { startServer } from "../../e2e/support/server";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const CLIENTS = Number(process.env.BENCH_CLIENTS) || 64;
const SECONDS = Number(process.env.BENCH_SECONDS) || 10;
const ROWS = 1_000;

if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
  console.log("No build in .next: running npm run build");
  const built = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-api-"));
process.env.DATA_DIR = dataDir;
process.env.SWITCHYARD_WORKER = "off";
const admin = { email: "bench@switchyard.test", password: `bench-${crypto.randomBytes(12).toString("base64url")}` };
process.env.ADMIN_EMAIL = admin.email;
process.env.ADMIN_PASSWORD = admin.password;

// Seeded in this process through the services the API uses, then served by `next start` on the same DATA_DIR.
const { ensureBootstrapped } = await import("@/lib/bootstrap");
await ensureBootstrapped({ announce: () => {} });
const { SYSTEM_ACTOR } = await import("@/lib/auth/actor");
const { upsertDruidConnection } = await import("@/lib/connections/druid-service");
const { createDatabaseConnection } = await import("@/lib/databases/service");
const { specOfDataherald } = await import("@/lib/compat/dataherald");
const { getDb } = await import("@/lib/db/client");
const { apiTokens, users } = await import("@/lib/db/schema");
const { generateToken, hashToken, displayPrefix } = await import("@/lib/tokens/hashing");

// SQLite connections may open files only in SQLITE_ALLOWED_DIR, never in DATA_DIR.
const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-api-sqlite-"));
process.env.SQLITE_ALLOWED_DIR = sqliteDir;
const warehouse = path.join(sqliteDir, "bench-source.db");
const src = new Database(warehouse);
src.exec("create table orders (id integer primary key, amount real)");
src.close();

const t0 = Date.now();
for (let i = 0; i < ROWS; i++) upsertDruidConnection(SYSTEM_ACTOR, { name: `druid-${String(i).padStart(4, "0")}`, type: "druid", queryHosts: [`druid-${i}.bench.test:8082`] } as never);
for (let i = 0; i < ROWS; i++) await createDatabaseConnection(SYSTEM_ACTOR, specOfDataherald({ alias: `db-${String(i).padStart(4, "0")}`, connection_uri: `sqlite:///${warehouse}`, use_ssh: false } as never));
console.log(`Seeded ${ROWS} Druid and ${ROWS} database connections in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const adminRow = getDb().select().from(users).get()!;
const token = generateToken();
getDb().insert(apiTokens).values({ userId: adminRow.id, name: "bench", role: "admin", prefix: displayPrefix(token), tokenHash: hashToken(token) }).run();
getDb().$client.close();

const server = await startServer({ label: "bench-api", dataDir, env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, SWITCHYARD_WORKER: "off", SQLITE_ALLOWED_DIR: sqliteDir } });
const stop = () => server.stop?.();
process.on("SIGINT", () => void Promise.resolve(stop()).finally(() => process.exit(130)));

const auth = { authorization: `Bearer ${token}` };
type Row = { name: string; rps: number; p50: number; p99: number; errors: number; timeouts: number; non2xx: number; kb: number };

async function measure(name: string, url: string, headers: Record<string, string> = auth, seconds = SECONDS): Promise<Row> {
  // A short warm-up compiles the route and fills caches before the measured run.
  await autocannon({ url: server.baseURL + url, connections: 8, duration: 2, headers });
  const r = await autocannon({ url: server.baseURL + url, connections: CLIENTS, duration: seconds, headers, timeout: 10 });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, kb: r.throughput.average / Math.max(r.requests.average, 1) / 1024 };
}

const rows: Row[] = [];
rows.push(await measure("floor GET /api/health/floor", "/api/health/floor", {}));
rows.push(await measure("GET /api/health", "/api/health", {}));
rows.push(await measure("GET /api/v1/connections/{name} (Pivot)", "/api/v1/connections/druid-0500"));
rows.push(await measure("GET /api/v1/connections (Pivot list, 1,000)", "/api/v1/connections"));
rows.push(await measure("GET /api/connections (native, page of 50 of 2,000)", "/api/connections"));
rows.push(await measure("GET /api/connections?limit=500&kind=druid", "/api/connections?limit=500&kind=druid"));
rows.push(await measure("GET /api/v1/database-connections (Dataherald list, 1,000)", "/api/v1/database-connections"));

// Mixed: creates (Druid, through the Pivot API), reads by name and updates of seeded rows.
let created = 0;
let n = 0;
const ackedNames = new Set<string>();
const mixed = await autocannon({
  url: server.baseURL,
  connections: CLIENTS,
  duration: 30,
  timeout: 10,
  headers: { ...auth, "content-type": "application/json" },
  requests: [
    {
      setupRequest: (req) => {
        const i = n++;
        const kind = i % 3;
        if (kind === 0) {
          const name = `mixed-${i}`;
          return { ...req, method: "POST", path: "/api/v1/connections", body: JSON.stringify({ connection: { name, type: "druid", queryHosts: [`m-${i}.bench.test:8082`] } }), name } as never;
        }
        if (kind === 1) return { ...req, method: "GET", path: `/api/v1/connections/druid-${String(i % ROWS).padStart(4, "0")}`, body: undefined } as never;
        return { ...req, method: "POST", path: "/api/v1/connections", body: JSON.stringify({ connection: { name: `druid-${String(i % ROWS).padStart(4, "0")}`, type: "druid", queryHosts: [`u-${i}.bench.test:8082`] } }) } as never;
      },
      onResponse: (status, body, context) => {
        void context;
        if (status >= 200 && status < 300 && body.includes('"mixed-')) {
          const m = /"name":"(mixed-\d+)"/.exec(body);
          if (m) {
            ackedNames.add(m[1]);
            created++;
          }
        }
      },
    },
  ],
});

const check = await fetch(`${server.baseURL}/api/connections?kind=druid&q=mixed-&limit=1`, { headers: auth });
const stored = ((await check.json()) as { total: number }).total;
await stop();

const floor = rows[0].rps;
const pad = (s: string | number, w: number) => String(s).padStart(w);
console.log(`\n${CLIENTS} clients, ${SECONDS} s per endpoint, ${ROWS} Druid + ${ROWS} database connections stored\n`);
console.log(`${"endpoint".padEnd(58)}${pad("req/s", 9)}${pad("p50 ms", 8)}${pad("p99 ms", 8)}${pad("err", 5)}${pad("t/o", 5)}${pad("non2xx", 8)}${pad("kB", 8)}${pad("floor", 7)}`);
for (const r of rows) {
  console.log(`${r.name.padEnd(58)}${pad(r.rps.toFixed(0), 9)}${pad(r.p50, 8)}${pad(r.p99, 8)}${pad(r.errors, 5)}${pad(r.timeouts, 5)}${pad(r.non2xx, 8)}${pad(r.kb.toFixed(1), 8)}${pad(`${((r.rps / floor) * 100).toFixed(0)}%`, 7)}`);
}
console.log(
  `${"mixed create/read/update, 30 s".padEnd(58)}${pad(mixed.requests.average.toFixed(0), 9)}${pad(mixed.latency.p50, 8)}${pad(mixed.latency.p99, 8)}${pad(mixed.errors, 5)}${pad(mixed.timeouts, 5)}${pad(mixed.non2xx, 8)}`,
);
const lost = created - stored;
console.log(`\nAcknowledged creates: ${created} (${ackedNames.size} distinct); stored afterwards: ${stored}; lost: ${lost}`);
fs.rmSync(dataDir, { recursive: true, force: true });
fs.rmSync(sqliteDir, { recursive: true, force: true });
process.exit(lost === 0 && rows.every((r) => r.errors === 0 && r.timeouts === 0 && r.non2xx === 0) && mixed.non2xx === 0 && mixed.errors === 0 ? 0 : 1);
