import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { TEST_API_HOST } from "../support/test-api";
import { asAdmin, bare, createUser, signedIn } from "../support/api";
import { createConnection, createFeed, feedName, testRun, waitForRun } from "../support/feeds";

test("a feed is saved as a draft step by step, then activated", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const draft = await (await ctx.post("/api/feeds", { data: { connectionId: conn.id, wizardStep: "connection" } })).json();
  expect(draft).toMatchObject({ status: "draft", name: null, connectionName: conn.name, wizardStep: "connection" });
  const name = feedName("Orders");
  const step2 = await ctx.patch(`/api/feeds/${draft.id}`, {
    data: { name, language: "python", script: "from lib import outputStream\n", loadType: "truncate_insert", wizardStep: "import" },
  });
  expect(step2.status(), await step2.text()).toBe(200);
  const early = await ctx.patch(`/api/feeds/${draft.id}`, { data: { status: "active" } });
  expect(early.status()).toBe(422);
  expect((await early.json()).error.fields).toEqual({ destinations: "Choose at least one destination" });
  await ctx.patch(`/api/feeds/${draft.id}`, { data: { destinations: ["sqlite", "files"], wizardStep: "destination" } });
  // Only a script that passed a test is activated, whatever the browser says.
  const untested = await ctx.patch(`/api/feeds/${draft.id}`, { data: { status: "active" } });
  expect(untested.status()).toBe(409);
  expect(Object.keys((await untested.json()).error.fields)).toEqual(["script"]);
  expect((await testRun(ctx, draft.id)).status).toBe("succeeded");
  const active = await (await ctx.patch(`/api/feeds/${draft.id}`, { data: { trigger: { type: "none" }, status: "active", wizardStep: "trigger" } })).json();
  expect(active).toMatchObject({ status: "active", name, tableName: name.toLowerCase(), destinations: ["sqlite", "files"], loadType: "truncate_insert" });

  const listed = await (await ctx.get("/api/feeds?status=active")).json();
  expect(listed.feeds.map((f: { id: number }) => f.id)).toContain(draft.id);
  await ctx.patch(`/api/feeds/${draft.id}`, { data: { tags: ["finance", "daily"] } });
  const byTag = await (await ctx.get("/api/feeds?tag=finance")).json();
  expect(byTag.feeds.map((f: { id: number }) => f.id)).toEqual([draft.id]);
  expect((await ctx.delete(`/api/feeds/${draft.id}`, { data: {} })).status()).toBe(204);
  expect((await ctx.get(`/api/feeds/${draft.id}`)).status()).toBe(404);
});

test("feed names follow Peak's rules, each broken rule named", async () => {
  const ctx = await asAdmin();
  const check = async (name: string) => {
    const res = await ctx.post("/api/feeds", { data: { name } });
    return { status: res.status(), body: await res.json() };
  };
  const r1 = await check("9lives_");
  expect(r1.status).toBe(422);
  expect(r1.body.error.message).toContain("Must start with a letter");
  expect(r1.body.error.message).toContain("Must not end with an underscore");
  expect((await check("has-dash")).body.error.message).toContain("Must be alphanumeric");
  expect((await check("a".repeat(51))).body.error.message).toContain("Can have up to 50 characters");
  expect((await check(`a${"b".repeat(49)}`)).status).toBe(201);
  const name = feedName("Unique");
  await createFeed(ctx, { name, status: "draft" });
  expect((await check(name.toLowerCase())).status).toBe(409);
});

test("dependencies, triggers and destinations are validated", async () => {
  const ctx = await asAdmin();
  const deps = await ctx.post("/api/feeds", { data: { dependencies: ["requests==2.32.3", "-r /etc/passwd", "git+https://x/y.git"] } });
  expect(deps.status()).toBe(422);
  expect(Object.keys((await deps.json()).error.fields).sort()).toEqual(["dependencies.1", "dependencies.2"]);
  const cron = await ctx.post("/api/feeds", { data: { trigger: { type: "schedule", mode: "cron", cron: "0 0 12 * * MON", timezone: "UTC" } } });
  expect(cron.status()).toBe(422);
  expect((await cron.json()).error.fields["trigger.cron"]).toContain("exactly one of day-of-month");
  const tz = await ctx.post("/api/feeds", { data: { trigger: { type: "schedule", mode: "cron", cron: "0 6 * * *", timezone: "Mars/Olympus" } } });
  expect((await tz.json()).error.fields["trigger.timezone"]).toContain("Unknown time zone");
  const dest = await ctx.post("/api/feeds", { data: { destinations: ["snowflake"] } });
  expect(dest.status()).toBe(422);
  expect((await dest.json()).error.fields.destinations).toContain("sqlite, files");
  const wh = await (await ctx.get("/api/settings/warehouse")).json();
  expect(wh).toMatchObject({ warehouse: { type: "sqlite" }, multiple: true });
  expect(wh.destinations.map((d: { type: string }) => d.type)).toEqual(["sqlite", "files"]);
});

test("cron triggers return their next five fire times; the preview explains bad expressions", async () => {
  const ctx = await asAdmin();
  const feed = await createFeed(ctx, {
    script: "from lib import outputStream\n",
    connectionId: (await createConnection(ctx, { authType: "none" })).id,
    trigger: { type: "schedule", mode: "cron", cron: "0 30 9 ? * MON-FRI", timezone: "Europe/London" },
  });
  expect(feed.nextRuns).toHaveLength(5);
  for (const t of feed.nextRuns) {
    const d = new Date(t);
    expect([1, 2, 3, 4, 5]).toContain(d.getUTCDay());
    expect(d.getUTCMinutes()).toBe(30);
    expect([8, 9]).toContain(d.getUTCHours()); // 09:30 London is 09:30 or 08:30 UTC
  }
  const preview = await (await ctx.post("/api/triggers/preview", { data: { trigger: { type: "schedule", mode: "cron", cron: "15 10 L * ?", timezone: "UTC" } } })).json();
  expect(preview.valid).toBe(false);
  const quartz = await (await ctx.post("/api/triggers/preview", { data: { trigger: { type: "schedule", mode: "cron", cron: "0 15 10 L * ?", timezone: "UTC" } } })).json();
  expect(quartz).toMatchObject({ valid: true, error: null });
  for (const t of quartz.nextRuns) {
    const d = new Date(t);
    expect(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()).toBe(d.getUTCDate()); // last day of month
  }
  const bad = await (await ctx.post("/api/triggers/preview", { data: { trigger: { type: "schedule", mode: "cron", cron: "61 * * * *", timezone: "UTC" } } })).json();
  expect(bad).toMatchObject({ valid: false, nextRuns: [] });
  expect(bad.error).toMatch(/minute: 61/i);
  const basic = await (await ctx.post("/api/triggers/preview", { data: { trigger: { type: "schedule", mode: "weekly", days: ["TUE"], time: "07:00", timezone: "UTC" } } })).json();
  expect(basic.cron).toBe("0 7 * * TUE");
  expect(new Date(basic.nextRuns[0]).getUTCDay()).toBe(2);
});

test("pause and resume; viewers cannot change feeds", async () => {
  const ctx = await asAdmin();
  const feed = await createFeed(ctx, {
    script: "from lib import outputStream\n",
    connectionId: (await createConnection(ctx, { authType: "none" })).id,
    trigger: { type: "schedule", mode: "interval", every: 5, unit: "minutes", timezone: "UTC" },
  });
  expect(feed.nextRuns).toHaveLength(5);
  const paused = await (await ctx.patch(`/api/feeds/${feed.id}`, { data: { status: "paused" } })).json();
  expect(paused).toMatchObject({ status: "paused", nextRuns: [] });
  const resumed = await (await ctx.patch(`/api/feeds/${feed.id}`, { data: { status: "active" } })).json();
  expect(resumed.nextRuns).toHaveLength(5);
  const viewer = await createUser(ctx, "viewer");
  const vctx = await signedIn(viewer.email, viewer.password);
  expect((await vctx.get(`/api/feeds/${feed.id}`)).status()).toBe(200);
  expect((await vctx.patch(`/api/feeds/${feed.id}`, { data: { status: "paused" } })).status()).toBe(403);
  expect((await vctx.post(`/api/feeds/${feed.id}/runs`, { data: {} })).status()).toBe(403);
  expect((await (await bare()).get(`/api/feeds/${feed.id}`)).status()).toBe(401);
});

test("testing edits of an active feed leaves the saved feed unchanged; only a tested script is saved", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const live = 'from lib import outputStream\noutputStream.write({"v": 1})\n';
  const feed = await createFeed(ctx, { connectionId: conn.id, script: live, trigger: { type: "webhook" } });
  const saved = await (await ctx.get(`/api/feeds/${feed.id}`)).json();
  expect(saved).toMatchObject({ status: "active", script: live, scriptTested: true });

  // A broken draft, tested and abandoned: the test fails, the live feed is as it was.
  const broken = await testRun(ctx, feed.id, { script: "from lib import outputStream\noutputStream.write({\n", dependencies: [] });
  expect(broken).toMatchObject({ status: "failed", records: 0 });
  expect(await (await ctx.get(`/api/feeds/${feed.id}`)).json()).toMatchObject({ script: live, language: "python", dependencies: [], scriptTested: true, updatedAt: saved.updatedAt });
  // Saving it anyway is refused, naming the script; so is a JavaScript script never tested.
  const refused = await ctx.patch(`/api/feeds/${feed.id}`, { data: { script: "from lib import outputStream\noutputStream.write({\n" } });
  expect(refused.status()).toBe(409);
  expect(Object.keys((await refused.json()).error.fields)).toEqual(["script"]);
  const otherLanguage = await ctx.patch(`/api/feeds/${feed.id}`, { data: { language: "javascript" } });
  expect(otherLanguage.status()).toBe(409);
  expect(await (await ctx.get(`/api/feeds/${feed.id}`)).json()).toMatchObject({ script: live, language: "python", updatedAt: saved.updatedAt });
  // The webhook's load runs still run the live script.
  const hook = await (await bare()).post(`/api/hooks/feeds/${feed.id}`, { headers: { "x-webhook-secret": feed.webhookSecret! } });
  expect(hook.status(), await hook.text()).toBe(202);
  expect(await waitForRun(ctx, (await hook.json()).id)).toMatchObject({ status: "succeeded", records: 1 });

  // A draft that passes its test (in JavaScript) is saved as tested, and only exactly that one.
  const js = 'import { outputStream } from "lib";\noutputStream.write({ v: 2 });\n';
  expect(await testRun(ctx, feed.id, { language: "javascript", script: js })).toMatchObject({ status: "succeeded", records: 1 });
  expect((await (await ctx.get(`/api/feeds/${feed.id}`)).json()).script).toBe(live);
  expect((await ctx.patch(`/api/feeds/${feed.id}`, { data: { language: "javascript", script: `${js}// changed\n` } })).status()).toBe(409);
  const updated = await ctx.patch(`/api/feeds/${feed.id}`, { data: { language: "javascript", script: js } });
  expect(updated.status(), await updated.text()).toBe(200);
  expect(await updated.json()).toMatchObject({ language: "javascript", script: js, scriptTested: true });
  // Other changes of a live feed need no new test.
  expect((await ctx.patch(`/api/feeds/${feed.id}`, { data: { tags: ["tested"] } })).status()).toBe(200);
});

test("a feed is created active only with a script that passed a test", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const script = `from lib import outputStream\noutputStream.write({"n": "${feedName("x")}"})\n`;
  const base = { name: feedName("Direct"), connectionId: conn.id, language: "python", script, destinations: ["sqlite"], status: "active" };
  const refused = await ctx.post("/api/feeds", { data: base });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.fields).toHaveProperty("script");
  // The same person's passed test of the unsaved script vouches for it.
  const tested = await ctx.post("/api/feeds/test?wait=true", { data: { connectionId: conn.id, language: "python", script } });
  expect((await tested.json()).status).toBe("succeeded");
  const created = await ctx.post("/api/feeds", { data: base });
  expect(created.status(), await created.text()).toBe(201);
  expect(await created.json()).toMatchObject({ status: "active", scriptTested: true });
});

// Peak: "A maximum of 10 records can be shown in the preview". A source that answers its first page
// at once and the next one only after a minute: the test has its 10 records from page 1 and ends.
test("a 12-record script over a slow source passes its test in under 5 s, in Python and JavaScript", async () => {
  const slow = http.createServer((req, res) => {
    const page = new URL(req.url!, "http://x").searchParams.get("page");
    const send = () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: Array.from({ length: 12 }, (_, i) => ({ id: i + 1, page })) }));
    if (page === "1") send();
    else setTimeout(send, 60_000).unref();
  });
  await new Promise<void>((r) => slow.listen(0, TEST_API_HOST, r));
  const base = `http://${TEST_API_HOST}:${(slow.address() as AddressInfo).port}`;
  try {
    const ctx = await asAdmin();
    const scripts = {
      python: `import requests\nfrom lib import outputStream\nfor page in (1, 2):\n    for r in requests.get("${base}/items", params={"page": page}).json()["data"]:\n        outputStream.write(r)\n`,
      javascript: `import { outputStream } from "lib";\nfor (const page of [1, 2]) {\n  const { data } = await (await fetch("${base}/items?page=" + page)).json();\n  for (const r of data) outputStream.write(r);\n}\n`,
    };
    for (const [language, script] of Object.entries(scripts)) {
      const started = Date.now();
      const res = await ctx.post("/api/feeds/test?wait=true", { data: { language, script } });
      const run = await res.json();
      const took = Date.now() - started;
      expect(run, `${language}: ${run.error}`).toMatchObject({ status: "succeeded", records: 10 });
      expect(run.preview.map((r: { id: number }) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(took, language).toBeLessThan(5_000);
    }
  } finally {
    slow.closeAllConnections();
    slow.close();
  }
});
