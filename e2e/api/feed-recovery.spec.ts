import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { signedIn } from "../support/api";
import { createConnection, createFeed, incrementalScript, loadRun, testRun, vouchForScript, waitForRun, warehouseRows, type Run } from "../support/feeds";
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
    // Kill once the script has sent its records and sits in the wait loop (it polls the flag).
    await expect.poll(() => api.hits.some((h) => h.path === "/flags" && h.query.name === marker), { timeout: 30_000 }).toBe(true);
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
    // A daily tick twelve hours from now: no real tick can fall inside the test (an hourly one did,
    // when the test ran at the top of an hour, and rightly fired a second run).
    const far = new Date(Date.now() + 12 * 3_600_000);
    const trigger = { type: "schedule", mode: "cron", cron: `${far.getUTCMinutes()} ${far.getUTCHours()} * * *`, timezone: "UTC" };
    const feed = await createFeed(ctx, { connectionId: conn.id, script: 'from lib import outputStream\noutputStream.write({"tick": 1})\n', trigger });
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
    // The tick that queued the run moved the feed's next run past now in the same transaction, so
    // no later tick can fire a missed one again: no need to wait and watch for a second run.
    const stored = new Database(path.join(server.dataDir, "console.db"), { readonly: true });
    const next = (stored.prepare("SELECT next_run_at FROM feeds WHERE id = ?").get(feed.id) as { next_run_at: number }).next_run_at;
    stored.close();
    expect(next).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    await waitForRun(ctx2, runs[0].id);
    runs = (await (await ctx2.get(`/api/feeds/${feed.id}/runs`)).json()).runs;
    expect(runs.map((r) => r.trigger)).toEqual(["schedule"]);
  } finally {
    await again?.stop();
    await server.stop();
  }
});

/** A client of the local PostgreSQL the PostgreSQL-warehouse tests load into. */
async function localPostgres(): Promise<pg.Client> {
  const pgc = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
  await pgc.connect().catch((e) => {
    throw new Error(`This test needs PostgreSQL on 127.0.0.1:5432 (database test): ${e.message}`);
  });
  return pgc;
}

test("PostgreSQL destination on the local server: columns grow, state commits with the data", async () => {
  test.setTimeout(90_000);
  const schema = `sy_e2e_${crypto.randomBytes(4).toString("hex")}`;
  const pgc = await localPostgres();
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
    expect(Object.fromEntries(cols.map((c) => [c.column_name, c.data_type]))).toMatchObject({ _run_id: "bigint", _loaded_at: "timestamp with time zone", id: "bigint", name: "text", price: "double precision", tags: "jsonb", meta: "jsonb" });
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

/** Every record in a feed's files destination: the NDJSON files its manifest lists. */
function fileRows(dataDir: string, table: string): Record<string, unknown>[] {
  const dir = path.join(dataDir, "files", table);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "_manifest.json"), "utf8")) as { files: string[] };
  return manifest.files.flatMap((f) =>
    fs
      .readFileSync(path.join(dir, f), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}

test("two destinations, the second fails at commit: the run says which loaded, and the next run resumes each from its own state", async ({ page }) => {
  test.setTimeout(150_000);
  const schema = `sy_e2e_${crypto.randomBytes(4).toString("hex")}`;
  const pgc = await localPostgres();
  const server = await startServer({ label: "partial", env: serverEnv() });
  try {
    const ctx = await signedIn(ADMIN.email, ADMIN.password, server.baseURL);
    const wh = await ctx.put("/api/settings/warehouse", { data: { type: "postgres", host: "127.0.0.1", port: 5432, database: "test", user: "postgres", password: "", schema } });
    expect(wh.status(), await wh.text()).toBe(200);
    const conn = await createConnection(ctx, { authType: "none" });
    const feed = await createFeed(ctx, { connectionId: conn.id, script: incrementalScript(api.url), destinations: ["files", "postgres"] });
    const name = feed.name.toLowerCase();
    const table = `"${schema}"."${name}"`;
    // The PostgreSQL table refuses every commit: a deferred constraint trigger raises at COMMIT, after
    // the rows and the state were written in the transaction.
    await pgc.query(`CREATE SCHEMA "${schema}"`);
    await pgc.query(`CREATE TABLE ${table} (_run_id bigint, _loaded_at timestamptz)`);
    await pgc.query(`CREATE FUNCTION "${schema}".refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test trigger'; END $$`);
    await pgc.query(`CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "${schema}".refuse()`);

    api.setTotal(25);
    const first = (await loadRun(ctx, feed.id)) as Run & Record<string, unknown>;
    expect(first).toMatchObject({ status: "failed", errorKind: "commit", partiallyLoaded: true, recordsWritten: 25, recordsLoaded: 25 });
    expect(first.error).toContain("Committing to postgres failed");
    expect(first.destinations).toMatchObject([
      { type: "files", status: "committed", records: 25, error: null },
      { type: "postgres", status: "failed", records: 0, error: expect.stringContaining("refused by the test trigger") },
    ]);
    expect(fileRows(server.dataDir, name)).toHaveLength(25);
    expect((await pgc.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n).toBe(0);

    // The run page and the run history show it as partially loaded.
    await page.goto(`${server.baseURL}/sign-in`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await page.goto(`${server.baseURL}/runs/${first.id}`);
    await expect(page.getByTestId("run-status")).toContainText("Partially loaded");
    const outcomes = page.getByRole("list", { name: "Destinations" });
    await expect(outcomes.getByRole("listitem").filter({ hasText: "files" })).toContainText("Committed");
    await expect(outcomes.getByRole("listitem").filter({ hasText: "postgres" })).toContainText("refused by the test trigger");
    await page.goto(`${server.baseURL}/feeds/${feed.id}`);
    await expect(page.getByRole("table", { name: "Run history" }).getByRole("row").filter({ hasText: `Run #${first.id}` })).toContainText("Partially loaded");

    // The warehouse takes commits again; five more records upstream. Files stand at next_id 26,
    // PostgreSQL at nothing: each gets exactly what it lacks.
    await pgc.query(`DROP TRIGGER refuse_commit ON ${table}`);
    api.setTotal(30);
    const second = (await loadRun(ctx, feed.id)) as Run & Record<string, unknown>;
    expect(second).toMatchObject({ status: "succeeded", partiallyLoaded: false, recordsWritten: 35, recordsLoaded: 35 });
    expect(second.destinations).toEqual([
      { type: "files", status: "committed", records: 5, error: null },
      { type: "postgres", status: "committed", records: 30, error: null },
    ]);
    const ids = (rows: Record<string, unknown>[]) => rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    const all = Array.from({ length: 30 }, (_, i) => i + 1);
    expect(ids(fileRows(server.dataDir, name))).toEqual(all);
    expect(ids((await pgc.query(`SELECT id FROM ${table}`)).rows)).toEqual(all);
    const pgState = await pgc.query(`SELECT state FROM "${schema}"._switchyard_feed_state WHERE feed_id = $1`, [feed.id]);
    expect(JSON.parse(pgState.rows[0].state)).toEqual({ next_id: 31 });

    // Back in step: one pass for both, nothing new, nothing twice.
    const third = (await loadRun(ctx, feed.id)) as Run & Record<string, unknown>;
    expect(third).toMatchObject({ status: "succeeded", recordsWritten: 0, recordsLoaded: 0 });
    expect(fileRows(server.dataDir, name)).toHaveLength(30);
    expect((await pgc.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n).toBe(30);
  } finally {
    await server.stop();
    await pgc.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await pgc.end();
  }
});

const SLOW_TEST_SCRIPT = 'import time\nfrom lib import outputStream\nfor i in range(1000):\n    print(f"waiting {i}", flush=True)\n    time.sleep(0.5)\n';

/** A test run of a slow script on `server`, caught by kill -9 while running; returns the feed, the run and the server's data dir. */
async function orphanTestRun(label: string, env: Record<string, string> = {}) {
  const server = await startServer({ label, env: serverEnv(env) });
  const ctx = await signedIn(ADMIN.email, ADMIN.password, server.baseURL);
  const conn = await createConnection(ctx, { authType: "none" });
  // A draft: a test run needs no active feed (and this script, made to hang, passes no test).
  const feed = await createFeed(ctx, { connectionId: conn.id, script: SLOW_TEST_SCRIPT, status: "draft" });
  const res = await ctx.post(`/api/feeds/${feed.id}/test`, { data: {} });
  expect(res.status(), await res.text()).toBe(202);
  const run = (await res.json()) as Run;
  await expect.poll(async () => (await (await ctx.get(`/api/runs/${run.id}/logs`)).json()).lines.some((l: { line: string }) => l.line === "waiting 2"), { timeout: 60_000 }).toBe(true);
  await server.kill();
  return { feed, run, server };
}

test("kill -9 during a test run: the restarted server fails it with the reason, and the feed can be deleted", async () => {
  test.setTimeout(150_000);
  const { feed, run, server } = await orphanTestRun("orphan-test");
  const again = await startServer({ dataDir: server.dataDir, env: serverEnv({ SWITCHYARD_JOB_LEASE_MS: "2000" }) });
  try {
    const ctx = await signedIn(ADMIN.email, ADMIN.password, again.baseURL);
    const back = Date.now();
    const lost = (await waitForRun(ctx, run.id, 30_000)) as Run & { finishedAt: string };
    expect(lost).toMatchObject({ status: "failed", errorKind: "server_lost" });
    expect(lost.error).toContain("crashed or killed");
    expect(Date.now() - back).toBeLessThan(30_000);
    expect((await ctx.post(`/api/runs/${run.id}/cancel`, { data: {} })).status()).toBe(409);
    const del = await ctx.delete(`/api/feeds/${feed.id}`, { data: {} });
    expect(del.status(), await del.text()).toBe(204);
  } finally {
    await again.stop();
  }
});

test("kill -9 during a test run: Cancel ends the orphaned run at once, and the feed can be deleted", async () => {
  test.setTimeout(150_000);
  // A lease far longer than the test, on both servers (the test's job holds the first one's): only
  // Cancel can end the run here.
  const { feed, run, server } = await orphanTestRun("orphan-cancel", { SWITCHYARD_JOB_LEASE_MS: "600000" });
  const again = await startServer({ dataDir: server.dataDir, env: serverEnv({ SWITCHYARD_JOB_LEASE_MS: "600000" }) });
  try {
    const ctx = await signedIn(ADMIN.email, ADMIN.password, again.baseURL);
    const still = (await (await ctx.get(`/api/runs/${run.id}`)).json()) as Run & { heartbeatAt: string };
    expect(still.status).toBe("running");
    // Its heartbeat stopped with the killed server; once it is a few beats old, nobody is running it.
    await waitForRun(ctx, run.id, 30_000, (r) => Date.now() - new Date((r as Run & { heartbeatAt: string }).heartbeatAt).getTime() > 6_000);
    const blocked = await ctx.delete(`/api/feeds/${feed.id}`, { data: {} });
    expect(blocked.status()).toBe(409);
    const cancelled = await ctx.post(`/api/runs/${run.id}/cancel`, { data: {} });
    expect(cancelled.status(), await cancelled.text()).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: "cancelled", errorKind: "cancelled" });
    const del = await ctx.delete(`/api/feeds/${feed.id}`, { data: {} });
    expect(del.status(), await del.text()).toBe(204);
  } finally {
    await again.stop();
  }
});
