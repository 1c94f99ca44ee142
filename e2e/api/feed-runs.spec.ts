import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { admin, asAdmin, bare } from "../support/api";
import {
  createConnection,
  createFeed,
  incrementalScript,
  loadRun,
  logText,
  seedScriptEntries,
  seedScriptGetData,
  testRun,
  vouchForScript,
  waitForRun,
  warehouseRows,
} from "../support/feeds";
import { BASIC_PASSWORD, BASIC_USER, CUSTOM_API_KEY, startTestApi, type TestApi } from "../support/test-api";

let api: TestApi;
test.beforeAll(async () => {
  api = await startTestApi();
});
test.afterAll(async () => api.close());
test.beforeEach(() => api.setTotal(25));

test("Peak's two example scripts run unchanged apart from the URL", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const entries = await createFeed(ctx, { connectionId: conn.id, script: seedScriptEntries(api.url) });
  const r1 = await loadRun(ctx, entries.id);
  expect(r1, r1.error ?? "").toMatchObject({ status: "succeeded", records: 3 });
  expect(warehouseRows(entries.name.toLowerCase()).map((r) => r.API)).toEqual(["api1", "api2", "api3"]);

  const getData = await createFeed(ctx, { connectionId: conn.id, script: seedScriptGetData(api.url) });
  const r2 = await loadRun(ctx, getData.id);
  expect(r2).toMatchObject({ status: "succeeded", records: 25 });
  const rows = warehouseRows(getData.name.toLowerCase());
  expect(rows).toHaveLength(25);
  // Columns from the records' keys, nested values as JSON text, plus the audit columns.
  expect(rows[0]).toMatchObject({ _run_id: r2.id, id: 1, name: "item 1", price: 1.5, tags: '["a","t1"]', meta: '{"even":false}' });
  expect(typeof rows[0]._loaded_at).toBe("string");
});

test("Basic Auth: the script gets the credentials and a ready header, and the API accepts them", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "basic", username: BASIC_USER, password: BASIC_PASSWORD });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: incrementalScript(api.url, "/basic") });
  const run = await loadRun(ctx, feed.id);
  expect(run, run.error ?? "").toMatchObject({ status: "succeeded", records: 25 });
  const logs = await logText(ctx, run.id);
  expect(logs).not.toContain(BASIC_PASSWORD);
});

test("Custom Auth: the runner performs the auth request and the script uses its response", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, {
    authType: "custom",
    authUrl: `${api.url}/auth`,
    method: "POST",
    headers: [{ key: "X-Api-Key", value: CUSTOM_API_KEY, secret: true }],
    body: JSON.stringify({ client_id: "switchyard", client_secret: "client-secret-Planted-55" }),
    secretBodyKeys: ["client_secret"],
  });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: incrementalScript(api.url, "/bearer") + '\nprint("token", connection["auth"]["json"]["access_token"])\n' });
  const run = await loadRun(ctx, feed.id);
  expect(run, run.error ?? "").toMatchObject({ status: "succeeded", records: 25 });
  const logs = await logText(ctx, run.id);
  expect(logs).toContain("Custom Auth request answered HTTP 200");
  expect(logs).not.toContain(CUSTOM_API_KEY);
});

test("incremental runs fetch only new records, resuming from the committed state", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: incrementalScript(api.url) });
  const first = await loadRun(ctx, feed.id);
  expect(first).toMatchObject({ status: "succeeded", records: 25 });
  expect((await (await ctx.get(`/api/feeds/${feed.id}/state`)).json()).state).toEqual({ next_id: 26 });
  api.setTotal(40);
  const hitsBefore = api.hits.length;
  const second = await loadRun(ctx, feed.id);
  expect(second).toMatchObject({ status: "succeeded", records: 15 });
  expect(api.hits.slice(hitsBefore).find((h) => h.path === "/get-data")?.query.from).toBe("26");
  const rows = warehouseRows(feed.name.toLowerCase());
  expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  const nothing = await loadRun(ctx, feed.id);
  expect(nothing).toMatchObject({ status: "succeeded", records: 0 });

  // Edit and reset the state through the API; both are audited.
  const put = await ctx.put(`/api/feeds/${feed.id}/state`, { data: { state: { next_id: 35 } } });
  expect((await put.json()).state).toEqual({ next_id: 35 });
  expect(await loadRun(ctx, feed.id)).toMatchObject({ records: 6 });
  const reset = await ctx.delete(`/api/feeds/${feed.id}/state`, { data: {} });
  expect((await reset.json()).state).toEqual({});
  expect(await loadRun(ctx, feed.id)).toMatchObject({ records: 40 });
  const audit = await (await ctx.get(`/api/audit?action=feed.state&target=${feed.name}`)).json();
  expect(audit.events.map((e: { action: string }) => e.action).sort()).toEqual(["feed.state_reset", "feed.state_update"]);
});

test("truncate_insert replaces the table atomically: readers see the old rows until the commit", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const script = `${seedScriptGetData(api.url)}\noutputStream.flush()\nimport time\ntime.sleep(3)\n`;
  const feed = await createFeed(ctx, { connectionId: conn.id, script, loadType: "truncate_insert" });
  const table = feed.name.toLowerCase();
  expect(await loadRun(ctx, feed.id)).toMatchObject({ status: "succeeded", records: 25 });
  api.setTotal(10);
  const started = await (await ctx.post(`/api/feeds/${feed.id}/runs`, { data: {} })).json();
  await waitForRun(ctx, started.id, 30_000, (r) => r.status === "running" && r.records > 0);
  expect(warehouseRows(table)).toHaveLength(25);
  const done = await waitForRun(ctx, started.id);
  expect(done).toMatchObject({ status: "succeeded", records: 10 });
  const rows = warehouseRows(table);
  expect(rows).toHaveLength(10);
  expect(new Set(rows.map((r) => r._run_id))).toEqual(new Set([started.id]));
});

test("a cancelled run leaves no rows and no state change, and the next run starts from the last committed state", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: incrementalScript(api.url) });
  expect(await loadRun(ctx, feed.id)).toMatchObject({ status: "succeeded", records: 25 });
  const table = feed.name.toLowerCase();
  const doomed = `from lib import outputStream, metadata
import time
for i in range(5000):
    outputStream.write({"id": 1000 + i, "name": "doomed"})
outputStream.flush()
metadata.save({"next_id": 999999})
time.sleep(120)
`;
  // A live feed's script changes only after a passed test of it (the test stops at 10 records).
  expect((await testRun(ctx, feed.id, { script: doomed })).status).toBe("succeeded");
  expect((await ctx.patch(`/api/feeds/${feed.id}`, { data: { script: doomed } })).status()).toBe(200);
  const started = await (await ctx.post(`/api/feeds/${feed.id}/runs`, { data: {} })).json();
  await waitForRun(ctx, started.id, 30_000, (r) => r.status === "running" && r.records >= 5000);
  const cancel = await ctx.post(`/api/runs/${started.id}/cancel`, { data: {} });
  expect(cancel.status()).toBe(200);
  const run = await waitForRun(ctx, started.id, 15_000);
  expect(run).toMatchObject({ status: "cancelled", errorKind: "cancelled" });
  expect(warehouseRows(table)).toHaveLength(25);
  expect((await (await ctx.get(`/api/feeds/${feed.id}/state`)).json()).state).toEqual({ next_id: 26 });
  expect((await ctx.post(`/api/runs/${started.id}/cancel`, { data: {} })).status()).toBe(409);
});

test("a failing script fails the run with its error and loads nothing", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, {
    connectionId: conn.id,
    script: 'from lib import outputStream\noutputStream.write({"a": 1})\nraise RuntimeError("upstream returned garbage")\n',
  });
  const run = await loadRun(ctx, feed.id);
  expect(run).toMatchObject({ status: "failed", errorKind: "exception", error: "RuntimeError: upstream returned garbage" });
  expect(await logText(ctx, run.id)).toContain("Traceback");
  expect(warehouseRows(feed.name.toLowerCase())).toHaveLength(0);
});

test("test runs stream logs, return at most 10 preview records with their columns, and write nothing", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: incrementalScript(api.url) });
  const run = await testRun(ctx, feed.id);
  expect(run).toMatchObject({ status: "succeeded", records: 10, columns: ["id", "name", "price", "tags", "meta"] });
  expect(run.preview).toHaveLength(10);
  expect(warehouseRows(feed.name.toLowerCase())).toHaveLength(0);
  expect((await (await ctx.get(`/api/feeds/${feed.id}/state`)).json()).state).toEqual({});
  expect((await (await ctx.get(`/api/feeds/${feed.id}`)).json()).scriptTested).toBe(true);

  // Server-Sent Events: log lines arrive, then the final run.
  const started = await (await ctx.post(`/api/feeds/${feed.id}/test`, { data: {} })).json();
  const sse = await ctx.get(`/api/runs/${started.id}/events`);
  expect(sse.headers()["content-type"]).toContain("text/event-stream");
  const text = await sse.text();
  expect(text).toContain("event: log");
  expect(text).toContain("fetched 25 records from id 1");
  expect(text).toMatch(/event: done\ndata: \{"id":\d+/);

  // An unsaved script can be tested too, in JavaScript here.
  const js = await ctx.post("/api/feeds/test?wait=true", {
    data: {
      language: "javascript",
      connectionId: conn.id,
      script: `import { outputStream, metadata } from "lib";
const res = await fetch("${api.url}/get-data?from=1&limit=3");
const { data } = await res.json();
for (const r of data) outputStream.write({ ...r, js: true });
metadata.save({ seen: data.length });
`,
    },
  });
  expect(await js.json()).toMatchObject({ status: "succeeded", records: 3, feedId: null, preview: [{ id: 1, js: true }, { id: 2 }, { id: 3 }] });
});

test("a pip dependency is installed once, importable, and a failed install fails the run with pip's message", async () => {
  test.setTimeout(180_000);
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, {
    connectionId: conn.id,
    dependencies: ["tabulate"],
    script: 'import tabulate\nfrom lib import outputStream\noutputStream.write({"table": tabulate.tabulate([[1, 2]]), "version": tabulate.__version__})\n',
  });
  const first = await loadRun(ctx, feed.id);
  expect(first, first.error ?? "").toMatchObject({ status: "succeeded", records: 1 });
  // createFeed's test installed it already, or this run does.
  expect(await logText(ctx, first.id)).toMatch(/pip: .*(Successfully installed|Requirement already satisfied)|already installed/);
  const second = await loadRun(ctx, feed.id);
  expect(await logText(ctx, second.id)).toContain("already installed");
  await vouchForScript(ctx, feed.id, { dependencies: ["switchyard-no-such-package-xyz"] }, "a dependency pip cannot install");
  await ctx.patch(`/api/feeds/${feed.id}`, { data: { dependencies: ["switchyard-no-such-package-xyz"] } });
  const broken = await loadRun(ctx, feed.id);
  expect(broken.status).toBe("failed");
  expect(broken.error).toMatch(/Installing dependencies failed .*No matching distribution/);
});

test("scripts cannot read DATA_DIR or the server's environment", async () => {
  const ctx = await asAdmin();
  const dir = process.env.E2E_DATA_DIR!;
  const run = await (
    await ctx.post("/api/feeds/test?wait=true", {
      data: {
        script: `import os
from lib import outputStream
for p in [${JSON.stringify(path.join(dir, "console.db"))}, ${JSON.stringify(path.join(dir, "secret.key"))}, ${JSON.stringify(path.join(dir, "session.secret"))}, "/proc/1/environ"]:
    try:
        data = open(p, "rb").read(64)
        print("READ", p, data)
    except Exception as e:
        print("DENIED", p, type(e).__name__)
try:
    print("LISTED", os.listdir(${JSON.stringify(dir)}))
except Exception as e:
    print("DENIED listing", type(e).__name__)
print("ENV", sorted(os.environ))
outputStream.write({"env": dict(os.environ)})
`,
      },
    })
  ).json();
  expect(run.status).toBe("succeeded");
  const logs = await logText(ctx, run.id);
  expect(logs).not.toContain("READ ");
  expect(logs).not.toContain("LISTED");
  // DATA_DIR is not in the sandbox at all; /proc/1 is the sandbox's own init, not the server.
  expect(logs.match(/DENIED .*(PermissionError|FileNotFoundError)/g)).toHaveLength(5);
  const env = JSON.stringify(run.preview);
  for (const leaked of [admin().password, "ADMIN_PASSWORD", "DATA_DIR", "NEXTAUTH", "ENCRYPTION_KEY", dir]) expect(env).not.toContain(leaked);
  // The files were there to be read (the key file exists on either store; console.db on the embedded one).
  expect(fs.existsSync(path.join(dir, "secret.key"))).toBe(true);
  if (!process.env.E2E_DATABASE_URL) expect(fs.existsSync(path.join(dir, "console.db"))).toBe(true);
});

test("webhook trigger: the secret is shown once; POST with it starts a run (202), a wrong one gets 401", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: seedScriptGetData(api.url), trigger: { type: "webhook" } });
  expect(feed.webhookSecret).toMatch(/^whsec_/);
  const again = await (await ctx.get(`/api/feeds/${feed.id}`)).json();
  expect(again.webhookSecret).toBeUndefined();
  expect(again.webhook).toEqual({ path: `/api/hooks/feeds/${feed.id}`, hasSecret: true });
  const anon = await bare();
  expect((await anon.post(`/api/hooks/feeds/${feed.id}`, { headers: { "x-webhook-secret": "whsec_wrong" } })).status()).toBe(401);
  expect((await anon.post(`/api/hooks/feeds/999999`, { headers: { "x-webhook-secret": feed.webhookSecret! } })).status()).toBe(401);
  const hook = await anon.post(`/api/hooks/feeds/${feed.id}`, { headers: { "x-webhook-secret": feed.webhookSecret! } });
  expect(hook.status()).toBe(202);
  const { id } = await hook.json();
  expect(await waitForRun(ctx, id)).toMatchObject({ status: "succeeded", trigger: "webhook", records: 25 });
  const viaQuery = await anon.post(`/api/hooks/feeds/${feed.id}?secret=${feed.webhookSecret}`);
  expect(viaQuery.status()).toBe(202);
  await waitForRun(ctx, (await viaQuery.json()).id);
  const rotated = await (await ctx.post(`/api/feeds/${feed.id}/webhook-secret`, { data: {} })).json();
  expect((await anon.post(`/api/hooks/feeds/${feed.id}`, { headers: { "x-webhook-secret": feed.webhookSecret! } })).status()).toBe(401);
  expect(rotated.webhookSecret).toMatch(/^whsec_/);
  await ctx.patch(`/api/feeds/${feed.id}`, { data: { status: "paused" } });
  expect((await anon.post(`/api/hooks/feeds/${feed.id}`, { headers: { "x-webhook-secret": rotated.webhookSecret } })).status()).toBe(409);
});

test("watchers are notified on success and failure, with retries recorded on the run", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const watchers = [{ url: `${api.url}/watcher`, onSuccess: true, onFailure: true }];
  const feed = await createFeed(ctx, { connectionId: conn.id, script: seedScriptGetData(api.url), watchers });
  api.failWatcherTimes(1);
  const ok = await loadRun(ctx, feed.id);
  const delivered = await waitForRun(ctx, ok.id, 20_000, (r) => (r.notifications?.length ?? 0) > 0);
  expect(delivered.notifications![0]).toMatchObject({ ok: true, attempts: 2, status: 200, event: "run.succeeded" });
  const note = api.notifications.find((n) => (n.body.run as { id: number }).id === ok.id)!;
  expect(note.body).toMatchObject({ event: "run.succeeded", feed: { id: feed.id, name: feed.name }, run: { id: ok.id, status: "succeeded", records: 25, error: null } });
  expect((note.body.run as { durationMs: number }).durationMs).toBeGreaterThan(0);

  await vouchForScript(ctx, feed.id, { script: 'raise SystemExit("no data today")\n' }, "a script made to fail");
  await ctx.patch(`/api/feeds/${feed.id}`, { data: { script: 'raise SystemExit("no data today")\n' } });
  const bad = await loadRun(ctx, feed.id);
  await waitForRun(ctx, bad.id, 20_000, (r) => (r.notifications?.length ?? 0) > 0);
  const failure = api.notifications.find((n) => (n.body.run as { id: number }).id === bad.id)!;
  expect(failure.body).toMatchObject({ event: "run.failed", run: { status: "failed" } });
  expect((failure.body.run as { error: string }).error).toBeTruthy();
});

test("run logs are kept and paged", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: 'for i in range(1200):\n    print("line", i)\n' });
  const run = await loadRun(ctx, feed.id);
  const page1 = await (await ctx.get(`/api/runs/${run.id}/logs?limit=500`)).json();
  expect(page1.lines).toHaveLength(500);
  expect(page1.done).toBe(false);
  const page2 = await (await ctx.get(`/api/runs/${run.id}/logs?after=${page1.nextAfter}&limit=5000`)).json();
  expect(page2.done).toBe(true);
  const all = [...page1.lines, ...page2.lines].filter((l: { stream: string }) => l.stream === "stdout").map((l: { line: string }) => l.line);
  expect(all).toHaveLength(1200);
  expect(all[1199]).toBe("line 1199");
  const history = await (await ctx.get(`/api/feeds/${feed.id}/runs?pageSize=5`)).json();
  expect(history.runs[0]).toMatchObject({ id: run.id, status: "succeeded", trigger: "manual" });
  expect(history.runs[0].durationMs).toBeGreaterThan(0);
});
