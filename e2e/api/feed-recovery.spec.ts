import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { signedIn } from "../support/api";
import { createConnection, createFeed, incrementalScript, loadRun, testRun, vouchForScript, waitForRun, warehouseRows } from "../support/feeds";
import { startServer } from "../support/server";
import { startTestApi, type TestApi } from "../support/test-api";

// Each test here runs its own server: they kill it, stop it, or change the workspace's warehouse.

let api: TestApi;
test.beforeAll(async () => {
  api = await startTestApi();
});
test.afterAll(async () => api.close());

const ADMIN = { email: "admin@recovery.test", password: "recovery-admin-password" };
const serverEnv = (extra: Record<string, string> = {}) => ({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...extra });

test("kill -9 during a load: no rows, no state change; the run is failed with the reason and retried", async () => {
  test.setTimeout(120_000);
  const env = serverEnv({ SWITCHYARD_JOB_LEASE_MS: "2000", SWITCHYARD_RETRY_BACKOFF_MS: "1000" });
  const server = await startServer({ label: "kill9", env });
  let again: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    api.setTotal(25);
    const ctx = await signedIn(ADMIN.email, ADMIN.password, server.baseURL);
    const conn = await createConnection(ctx, { authType: "none" });
    const feed = await createFeed(ctx, { connectionId: conn.id, script: incrementalScript(api.url) });
    expect(await loadRun(ctx, feed.id)).toMatchObject({ status: "succeeded", records: 25 });
    const marker = crypto.randomBytes(6).toString("hex");
    // The first attempt waits for a flag the test raises only after killing the server (scripts
    // run in a sandbox with their own /tmp: the flag lives on the test API).
    const waits = `${incrementalScript(api.url)}\nimport time\nwhile not requests.get("${api.url}/flags?name=${marker}").json()["set"]:\n    time.sleep(0.2)\n`;
    await vouchForScript(ctx, feed.id, { script: waits }, "waits for a flag no test raises", server.dataDir);
    await ctx.patch(`/api/feeds/${feed.id}`, { data: { script: waits } });
    api.setTotal(30);
    const started = await (await ctx.post(`/api/feeds/${feed.id}/runs`, { data: {} })).json();
    await waitForRun(ctx, started.id, 30_000, (r) => r.status === "running");
    await new Promise((r) => setTimeout(r, 1500));
    await server.kill();

    const table = feed.name.toLowerCase();
    expect(warehouseRows(table, server.dataDir)).toHaveLength(25);
    // The first attempt's script dies with the worker (parent-death signal), so the retry can finish.
    api.setFlag(marker);
    again = await startServer({ dataDir: server.dataDir, env });
    const ctx2 = await signedIn(ADMIN.email, ADMIN.password, again.baseURL);
    const lost = await waitForRun(ctx2, started.id, 30_000);
    expect(lost).toMatchObject({ status: "failed", errorKind: "worker_lost" });
    expect(lost.error).toContain("crashed or killed");
    const history = await (await ctx2.get(`/api/feeds/${feed.id}/runs`)).json();
    const retry = history.runs.find((r: { retryOf: number | null }) => r.retryOf === started.id);
    expect(retry).toMatchObject({ trigger: "retry", attempt: 2 });
    expect(await waitForRun(ctx2, retry.id, 60_000)).toMatchObject({ status: "succeeded", records: 5 });
    expect(warehouseRows(table, server.dataDir)).toHaveLength(30);
    expect((await (await ctx2.get(`/api/feeds/${feed.id}/state`)).json()).state).toEqual({ next_id: 31 });
  } finally {
    await again?.stop();
    await server.stop();
  }
});

test("missed schedules run once when the server comes back, not once per missed tick", async () => {
  test.setTimeout(90_000);
  const server = await startServer({ label: "missed" });
  let again: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const ctx = await signedIn("admin@localhost", /password:\s+(\S+)/.exec(server.log())![1], server.baseURL);
    const conn = await createConnection(ctx, { authType: "none" });
    const feed = await createFeed(ctx, { connectionId: conn.id, script: 'from lib import outputStream\noutputStream.write({"tick": 1})\n', trigger: { type: "schedule", mode: "interval", every: 1, unit: "hours", timezone: "UTC" } });
    await server.stop();
    // The server was down for ten hours' worth of ticks.
    const db = new Database(path.join(server.dataDir, "console.db"));
    db.prepare("UPDATE feeds SET next_run_at = ? WHERE id = ?").run(Date.now() - 10 * 3_600_000, feed.id);
    db.close();
    again = await startServer({ dataDir: server.dataDir });
    const ctx2 = await signedIn("admin@localhost", /password:\s+(\S+)/.exec(again.log())![1], again.baseURL);
    const deadline = Date.now() + 20_000;
    let runs: { id: number; trigger: string }[] = [];
    while (Date.now() < deadline && runs.length === 0) {
      runs = (await (await ctx2.get(`/api/feeds/${feed.id}/runs`)).json()).runs;
      await new Promise((r) => setTimeout(r, 300));
    }
    await waitForRun(ctx2, runs[0].id);
    await new Promise((r) => setTimeout(r, 2000));
    runs = (await (await ctx2.get(`/api/feeds/${feed.id}/runs`)).json()).runs;
    expect(runs.map((r) => r.trigger)).toEqual(["schedule"]);
    const next = new Date((await (await ctx2.get(`/api/feeds/${feed.id}`)).json()).nextRuns[0]).getTime();
    expect(next).toBeGreaterThan(Date.now());
  } finally {
    await again?.stop();
    await server.stop();
  }
});

test("PostgreSQL destination on the local server: columns grow, state commits with the data", async () => {
  test.setTimeout(90_000);
  const schema = `sy_e2e_${crypto.randomBytes(4).toString("hex")}`;
  const pgc = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
  await pgc.connect().catch((e) => {
    throw new Error(`This test needs PostgreSQL on 127.0.0.1:5432 (database test): ${e.message}`);
  });
  const server = await startServer({ label: "pg", env: serverEnv() });
  try {
    const ctx = await signedIn(ADMIN.email, ADMIN.password, server.baseURL);
    const bad = await ctx.put("/api/settings/warehouse", { data: { type: "postgres", host: "127.0.0.1", port: 5432, database: "no_such_db_xyz", user: "postgres", schema } });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.fields).toHaveProperty("database");
    const wh = await ctx.put("/api/settings/warehouse", { data: { type: "postgres", host: "127.0.0.1", port: 5432, database: "test", user: "postgres", password: "", schema } });
    expect(wh.status(), await wh.text()).toBe(200);
    expect((await wh.json()).destinations.map((d: { type: string }) => d.type)).toEqual(["postgres", "files"]);

    api.setTotal(25);
    const conn = await createConnection(ctx, { authType: "none" });
    const feed = await createFeed(ctx, { connectionId: conn.id, script: incrementalScript(api.url), destinations: ["postgres", "files"] });
    expect(await loadRun(ctx, feed.id)).toMatchObject({ status: "succeeded", records: 25 });
    const table = `"${schema}"."${feed.name.toLowerCase()}"`;
    expect((await pgc.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n).toBe(25);
    const cols = (await pgc.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`, [schema, feed.name.toLowerCase()])).rows;
    expect(Object.fromEntries(cols.map((c) => [c.column_name, c.data_type]))).toMatchObject({ _run_id: "bigint", _loaded_at: "timestamp with time zone", id: "double precision", name: "text", meta: "text" });
    const state = await pgc.query(`SELECT state FROM "${schema}"._switchyard_feed_state WHERE feed_id = $1`, [feed.id]);
    expect(JSON.parse(state.rows[0].state)).toEqual({ next_id: 26 });

    // New keys add columns; the files destination got the same run.
    const widened = incrementalScript(api.url).replace("outputStream.write(record)", 'outputStream.write({**record, "extra": "new column"})');
    expect((await testRun(ctx, feed.id, { script: widened })).status).toBe("succeeded"); // a live feed's script changes only after a test
    await ctx.patch(`/api/feeds/${feed.id}`, { data: { script: widened } });
    api.setTotal(30);
    expect(await loadRun(ctx, feed.id)).toMatchObject({ status: "succeeded", records: 5 });
    expect((await pgc.query(`SELECT count(*)::int AS n, count(extra)::int AS e FROM ${table}`)).rows[0]).toEqual({ n: 30, e: 5 });
    const manifest = JSON.parse(fs.readFileSync(path.join(server.dataDir, "files", feed.name.toLowerCase(), "_manifest.json"), "utf8"));
    expect(manifest.files).toHaveLength(2);
    expect(manifest.state).toEqual({ next_id: 31 });
    expect((await (await ctx.get(`/api/feeds/${feed.id}/state`)).json())).toEqual({ state: { next_id: 31 }, destination: "postgres" });
  } finally {
    await server.stop();
    await pgc.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await pgc.end();
  }
});

test("a Snowflake workspace offers Snowflake only", async () => {
  const server = await startServer({ label: "snowflake", env: serverEnv() });
  try {
    const ctx = await signedIn(ADMIN.email, ADMIN.password, server.baseURL);
    const wh = await ctx.put("/api/settings/warehouse", {
      data: { type: "snowflake", account: "acme-eu1", user: "LOADER", password: "sf-Planted-pw", warehouse: "LOAD_WH", database: "RAW", schema: "PUBLIC" },
    });
    expect(wh.status(), await wh.text()).toBe(200);
    const body = await wh.json();
    expect(body).toMatchObject({ multiple: false, destinations: [{ type: "snowflake", label: "Snowflake" }], warehouse: { password: "••••••••" } });
    const rejected = await ctx.post("/api/feeds", { data: { destinations: ["sqlite"] } });
    expect(rejected.status()).toBe(422);
  } finally {
    await server.stop();
  }
});
