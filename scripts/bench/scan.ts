// npm run bench:scan — how long a 50-table PostgreSQL database takes to scan through the
// Dataherald API on the real server, and how responsive the console stays meanwhile.
import crypto from "node:crypto";
import pg from "pg";
import { startServer } from "../../e2e/support/server";

const TABLES = Number(process.env.BENCH_TABLES) || 50;
const ROWS = Number(process.env.BENCH_ROWS) || 2000;
const schema = `sy_bench_${crypto.randomBytes(4).toString("hex")}`;

const db = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
await db.connect();
await db.query(`CREATE SCHEMA ${schema}`);
for (let i = 1; i <= TABLES; i++) {
  const t = `${schema}.table_${String(i).padStart(2, "0")}`;
  await db.query(`CREATE TABLE ${t} (id bigserial PRIMARY KEY, customer text NOT NULL, amount numeric(12,2), status text, created_at timestamptz DEFAULT now(), payload jsonb)`);
  await db.query(`INSERT INTO ${t} (customer, amount, status, payload) SELECT 'c' || g, g * 0.5, CASE WHEN g % 3 = 0 THEN 'paid' ELSE 'open' END, jsonb_build_object('n', g) FROM generate_series(1, ${ROWS}) g`);
}

const server = await startServer({ label: "bench-scan", env: { ADMIN_EMAIL: "bench@switchyard.test", ADMIN_PASSWORD: "bench-password-1" } });
try {
  const base = server.baseURL;
  const signIn = async () => {
    const csrfRes = await fetch(`${base}/api/auth/csrf`);
    const cookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const res = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ email: "bench@switchyard.test", password: "bench-password-1", csrfToken, json: "true" }),
      redirect: "manual",
    });
    return [cookie, ...res.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
  };
  const cookie = await signIn();
  const tokenRes = await fetch(`${base}/api/tokens`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ name: "bench" }) });
  const { token } = (await tokenRes.json()) as { token: string };
  const h = { "X-API-Key": token, "content-type": "application/json" };
  const created = await fetch(`${base}/api/v1/database-connections`, {
    method: "POST",
    headers: h,
    body: JSON.stringify({ alias: schema, use_ssh: false, connection_uri: `postgresql+psycopg2://postgres@127.0.0.1:5432/test?options=-csearch_path=${schema}` }),
  });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };

  // While the scan runs, load console pages and API reads, as an operator would.
  const latencies: number[] = [];
  let scanning = true;
  const probe = (async () => {
    while (scanning) {
      for (const path of ["/api/health", "/databases", "/api/connections"]) {
        const t = performance.now();
        await fetch(`${base}${path}`, { headers: { cookie } }).then((r) => r.arrayBuffer());
        latencies.push(performance.now() - t);
      }
    }
  })();
  const t0 = performance.now();
  const sync = await fetch(`${base}/api/v1/table-descriptions/sync-schemas`, { method: "POST", headers: h, body: JSON.stringify({ db_connection_id: id }) });
  if (sync.status !== 201) throw new Error(`sync failed: ${sync.status}`);
  let statuses: string[] = [];
  for (;;) {
    const list = (await (await fetch(`${base}/api/v1/table-descriptions?db_connection_id=${id}`, { headers: h })).json()) as { status: string }[];
    statuses = list.map((t) => t.status);
    if (statuses.every((s) => s === "SCANNED" || s === "FAILED")) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const scanS = (performance.now() - t0) / 1000;
  scanning = false;
  await probe;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(0);
  console.log(`tables:                ${TABLES} (${ROWS} rows each, 6 columns)`);
  console.log(`scan (sync-schemas until every table is SCANNED): ${scanS.toFixed(2)} s; ${statuses.filter((s) => s === "SCANNED").length} scanned, ${statuses.filter((s) => s === "FAILED").length} failed`);
  console.log(`console requests during the scan: ${latencies.length}; median ${pct(50)} ms, p95 ${pct(95)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`);
} finally {
  await server.stop();
  await db.query(`DROP SCHEMA ${schema} CASCADE`);
  await db.end();
}
