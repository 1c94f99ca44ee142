import http from "node:http";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { asAdmin } from "../support/api";
import { sqliteFile } from "../support/databases";
import { createConnection, feedName } from "../support/feeds";
import { TEST_API_HOST } from "../support/test-api";
import { epochMs, jsonText, storeQuery } from "../support/store";

// ?dryRun=true: validated and tested by the real create/update path, answered, and rolled back.

// Scoped to this spec's prefix: other specs write to the same server at the same time.
const PREFIX = "dry";
const counts = async (ctx: APIRequestContext) => ({
  audit: (await (await ctx.get(`/api/audit?pageSize=1&target=${PREFIX}`)).json()).total as number,
  connections: (await (await ctx.get(`/api/connections?q=${PREFIX}`)).json()).connections.length as number,
  feeds: ((await (await ctx.get("/api/feeds")).json()).feeds as { name: string | null }[]).filter((f) => f.name?.startsWith(PREFIX)).length,
});

test("creating a REST connection, a database connection and a feed with dryRun writes nothing", async () => {
  const ctx = await asAdmin();
  const before = await counts(ctx);
  const name = feedName("dry");
  const rest = await ctx.post("/api/connections?dryRun=true", { data: { name, authType: "basic", username: "u", password: "Dry-run-Planted-8" } });
  expect(rest.status(), await rest.text()).toBe(200);
  const body = await rest.json();
  expect(body).toMatchObject({ dryRun: true, action: "create", result: { name, authType: "basic", username: "u" } });
  expect(body.result.password).not.toContain("Planted");
  expect(body.test).toMatchObject({ ok: true });

  const file = sqliteFile();
  const db = await ctx.post("/api/databases?dryRun=true", { data: { alias: feedName("drydb"), connection_uri: `sqlite:///${process.env.E2E_SQLITE_DIR}/${file}` } });
  expect(db.status(), await db.text()).toBe(200);
  expect(await db.json()).toMatchObject({ dryRun: true, action: "create", test: { ok: true }, result: { dialect: "sqlite", tables: { total: 2 } } });
  // A database that fails its test fails the dry run the same way.
  const broken = await ctx.post("/api/databases?dryRun=true", { data: { alias: feedName("drydb"), connection_uri: "postgresql://postgres@127.0.0.1:1/none" } });
  expect(broken.status()).toBe(422);

  const feed = await ctx.post("/api/feeds?dryRun=true", { data: { name: feedName("dryfeed"), trigger: { type: "webhook" }, status: "draft" } });
  expect(feed.status(), await feed.text()).toBe(200);
  const f = await feed.json();
  expect(f).toMatchObject({ dryRun: true, action: "create", result: { status: "draft" } });
  expect(f.result.webhookSecret).toBeUndefined();
  // Validation is the real one: an active feed without a script is refused, naming the field.
  const incomplete = await ctx.post("/api/feeds?dryRun=true", { data: { name: feedName("dryfeed"), status: "active" } });
  expect(incomplete.status()).toBe(422);
  expect((await incomplete.json()).error.fields).toHaveProperty("script");
  expect(await counts(ctx)).toEqual(before);
  expect((await ctx.post("/api/connections?dryRun=maybe", { data: { name, authType: "none" } })).status()).toBe(400);
});

test("updating with dryRun answers the changes and leaves the object, its updatedAt and the audit log alone", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { name: feedName("dryconn"), authType: "basic", username: "first", password: "Stored-Planted-3" });
  const stored = await (await ctx.get(`/api/connections/${conn.id}`)).json();
  const before = await counts(ctx);
  const res = await ctx.patch(`/api/connections/${conn.id}?dryRun=true`, { data: { name: conn.name, authType: "basic", username: "second", password: stored.password } });
  expect(res.status(), await res.text()).toBe(200);
  expect(await res.json()).toMatchObject({ dryRun: true, action: "update", changes: ["username"], result: { username: "second" } });
  const same = await ctx.patch(`/api/connections/${conn.id}?dryRun=true`, { data: { name: conn.name, authType: "basic", username: "first", password: stored.password } });
  expect(await same.json()).toMatchObject({ action: "unchanged", changes: [] });
  expect(await (await ctx.get(`/api/connections/${conn.id}`)).json()).toEqual(stored);

  const created = await (await ctx.post("/api/feeds", { data: { name: feedName("dryupd"), status: "draft" } })).json();
  const feedBefore = await (await ctx.get(`/api/feeds/${created.id}`)).json();
  const before2 = await counts(ctx);
  const upd = await (await ctx.patch(`/api/feeds/${created.id}?dryRun=true`, { data: { tags: ["x"], script: "print(1)" } })).json();
  expect(upd).toMatchObject({ action: "update", changes: ["script", "tags"] });
  expect(await (await ctx.get(`/api/feeds/${created.id}`)).json()).toEqual(feedBefore);
  expect(await counts(ctx)).toEqual(before2);
  expect(before2.audit).toBe(before.audit + 1);
});

// A server the dry runs' tests really call: a bearer-checked URL, Druid's /status, and an OAuth
// token endpoint that rotates refresh tokens (each refresh token works once).
const BEARER = "dry-bearer-Planted-41";
const CLIENT_SECRET = "dry-client-Planted-secret-7";
type Checker = { url: string; close: () => Promise<void>; calls: Record<string, number>; currentRefresh: string };

async function startChecker(): Promise<Checker> {
  let n = 0;
  const state: Checker = { url: "", close: async () => {}, calls: {}, currentRefresh: "dry-refresh-Planted-0" };
  const send = (res: http.ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
  };
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      const url = new URL(req.url!, "http://x");
      state.calls[url.pathname] = (state.calls[url.pathname] ?? 0) + 1;
      if (url.pathname === "/bearer/me") return req.headers.authorization === `Bearer ${BEARER}` ? send(res, 200, { me: "reader" }) : send(res, 401, { error: "bad bearer" });
      if (url.pathname === "/status") return send(res, 200, { version: "31.0.0" });
      if (url.pathname === "/oauth/token" && req.method === "POST") {
        const form = new URLSearchParams(text);
        if (form.get("client_id") !== "dry-client" || form.get("client_secret") !== CLIENT_SECRET) return send(res, 401, { error: "invalid_client" });
        if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== state.currentRefresh) return send(res, 400, { error: "invalid_grant" });
        state.currentRefresh = `dry-refresh-Planted-${++n}`;
        return send(res, 200, { access_token: `dry-access-Planted-${n}`, token_type: "Bearer", expires_in: 300, refresh_token: state.currentRefresh });
      }
      send(res, 404, { error: "not found" });
    });
  });
  await new Promise<void>((r) => server.listen(0, TEST_API_HOST, r));
  state.url = `http://${TEST_API_HOST}:${(server.address() as { port: number }).port}`;
  state.close = () => new Promise((r) => server.close(() => r()));
  return state;
}

let checker: Checker;
test.beforeAll(async () => {
  checker = await startChecker();
});
test.afterAll(async () => checker.close());

/** The stored row as the database holds it: the secrets' ciphertext and updated_at change with any write. */
async function storedRow(id: string): Promise<{ secrets: string | null; updated_at: number | null; config: string | null }> {
  const [row] = await storeQuery<{ secrets: string | null; updated_at: unknown; config: unknown }>("SELECT secrets, updated_at, config FROM connections WHERE id = ?", [id]);
  return { secrets: row.secrets, updated_at: epochMs(row.updated_at), config: jsonText(row.config) };
}

const auditOf = async (ctx: APIRequestContext, name: string) => (await (await ctx.get(`/api/audit?pageSize=100&target=${name}`)).json()) as { total: number; events: { action: string }[] };

test("a dry run of an OAuth refresh-token connection spends no refresh token: nothing rotated, stored or audited", async () => {
  const ctx = await asAdmin();
  const name = feedName("dryoauth");
  const input = { name, authType: "oauth2", grantType: "refresh_token", tokenUrl: `${checker.url}/oauth/token`, clientId: "dry-client", clientSecret: CLIENT_SECRET, refreshToken: checker.currentRefresh, scopes: "read" };
  const conn = await createConnection(ctx, input);
  const stored = await (await ctx.get(`/api/connections/${conn.id}`)).json();
  const row = await storedRow(conn.id);
  const audit = await auditOf(ctx, name);
  const masked = { ...input, clientSecret: stored.clientSecret, refreshToken: stored.refreshToken };

  // The saved settings and edited ones: neither dry run calls the token server.
  for (const body of [masked, { ...masked, scopes: "read write" }]) {
    const res = await ctx.patch(`/api/connections/${conn.id}?dryRun=true`, { data: body });
    expect(res.status(), await res.text()).toBe(200);
    const answer = await res.json();
    expect(answer.test).toMatchObject({ ok: true });
    expect(answer.test.message).toMatch(/^Nothing to call: a dry run writes nothing, and using the saved refresh token could spend it/);
  }
  expect(checker.calls["/oauth/token"] ?? 0).toBe(0);
  // A test before save with edited token settings does not spend the saved refresh token either.
  const edited = await (await ctx.post(`/api/connections/test?id=${conn.id}`, { data: { ...masked, clientId: "other-client" } })).json();
  expect(edited.message).toMatch(/^Nothing to call: the saved refresh token is used only with the saved token settings/);
  expect(checker.calls["/oauth/token"] ?? 0).toBe(0);

  expect(await storedRow(conn.id)).toEqual(row);
  expect(await auditOf(ctx, name)).toEqual(audit);
  expect(await (await ctx.get(`/api/connections/${conn.id}`)).json()).toEqual(stored);

  // The control: a real Test does spend it, and the rotated token is stored back (encrypted) and audited.
  const tested = await (await ctx.post(`/api/connections/${conn.id}/test`, { data: {} })).json();
  expect(tested, JSON.stringify(tested)).toMatchObject({ ok: true });
  expect(checker.calls["/oauth/token"]).toBe(1);
  const after = await storedRow(conn.id);
  expect(after.secrets).not.toEqual(row.secrets);
  expect(after.secrets).not.toContain("dry-refresh-Planted");
  expect((await auditOf(ctx, name)).events.map((e) => e.action)).toEqual(expect.arrayContaining(["connection.secret_rotated", "connection.test"]));
});

test("a REST dry run's test really calls the checking server (bearer), and writes nothing", async () => {
  const ctx = await asAdmin();
  const before = await counts(ctx);
  const name = feedName("drybearer");
  const seen = checker.calls["/bearer/me"] ?? 0;
  const ok = await ctx.post("/api/connections?dryRun=true", { data: { name, authType: "bearer", token: BEARER, testUrl: `${checker.url}/bearer/me` } });
  expect(ok.status(), await ok.text()).toBe(200);
  const answer = await ok.json();
  expect(answer).toMatchObject({ dryRun: true, action: "create", test: { ok: true, status: 200 }, result: { name, authType: "bearer" } });
  expect(JSON.stringify(answer)).not.toContain(BEARER);
  const wrong = await (await ctx.post("/api/connections?dryRun=true", { data: { name, authType: "bearer", token: "dry-wrong-Planted-2", testUrl: `${checker.url}/bearer/me` } })).json();
  expect(wrong.test).toMatchObject({ ok: false, status: 401 });
  expect(checker.calls["/bearer/me"]).toBe(seen + 2);

  // An update's dry run tests the saved token (kept with the mask) against the server too.
  const conn = await createConnection(ctx, { name: feedName("drybearer"), authType: "bearer", token: BEARER, testUrl: `${checker.url}/bearer/me` });
  const stored = await (await ctx.get(`/api/connections/${conn.id}`)).json();
  const row = await storedRow(conn.id);
  const before2 = await counts(ctx);
  const upd = await (await ctx.patch(`/api/connections/${conn.id}?dryRun=true`, { data: { name: conn.name, authType: "bearer", token: stored.token, testUrl: `${checker.url}/bearer/me?v=2` } })).json();
  expect(upd).toMatchObject({ action: "update", changes: ["testUrl"], test: { ok: true, status: 200 } });
  expect(checker.calls["/bearer/me"]).toBe(seen + 3);
  expect(await storedRow(conn.id)).toEqual(row);
  expect(await (await ctx.get(`/api/connections/${conn.id}`)).json()).toEqual(stored);
  expect(await counts(ctx)).toEqual(before2);
  expect(before2.connections).toBe(before.connections + 1);
});

test("PUT /api/databases/{id} with dryRun tests and answers the change, and leaves the row, its tables and the audit log alone", async () => {
  const ctx = await asAdmin();
  const alias = feedName("drydbput");
  const first = sqliteFile();
  const created = await ctx.post("/api/databases", { data: { alias, connection_uri: `sqlite:///${process.env.E2E_SQLITE_DIR}/${first}` } });
  expect(created.status(), await created.text()).toBe(201);
  const db = await created.json();
  const stored = await (await ctx.get(`/api/databases/${db.id}`)).json();
  const row = await storedRow(db.id);
  const before = await counts(ctx);
  const second = sqliteFile();
  const res = await ctx.put(`/api/databases/${db.id}?dryRun=true`, { data: { alias, connection_uri: `sqlite:///${process.env.E2E_SQLITE_DIR}/${second}`, metadata: { team: "dry" } } });
  expect(res.status(), await res.text()).toBe(200);
  const answer = await res.json();
  expect(answer).toMatchObject({ dryRun: true, action: "update", test: { ok: true } });
  expect(answer.changes.length).toBeGreaterThan(0);
  // A connection that fails its test fails the dry run, as the real update would.
  const broken = await ctx.put(`/api/databases/${db.id}?dryRun=true`, { data: { alias, connection_uri: "postgresql://postgres@127.0.0.1:1/none" } });
  expect(broken.status()).toBe(422);
  expect(await (await ctx.get(`/api/databases/${db.id}`)).json()).toEqual(stored);
  expect(await storedRow(db.id)).toEqual(row);
  expect(await counts(ctx)).toEqual(before);
});

test("POST and PUT /api/druid-connections with dryRun test /status and write nothing", async () => {
  const ctx = await asAdmin();
  const host = checker.url.replace(/^http:\/\//, "");
  const name = feedName("drydruid");
  const before = await counts(ctx);
  const statusCalls = checker.calls["/status"] ?? 0;
  const dry = await ctx.post("/api/druid-connections?dryRun=true", { data: { name, type: "druid", queryHosts: [host], protocol: "plain", title: "Dry" } });
  expect(dry.status(), await dry.text()).toBe(200);
  expect(await dry.json()).toMatchObject({ dryRun: true, action: "create", test: { ok: true }, result: { name, queryHosts: [host] } });
  expect(checker.calls["/status"]).toBe(statusCalls + 1);
  expect(await counts(ctx)).toEqual(before);

  const created = await ctx.post("/api/druid-connections", { data: { name, type: "druid", queryHosts: [host], protocol: "plain", title: "First" } });
  expect(created.status(), await created.text()).toBe(201);
  const conn = await created.json();
  const stored = await (await ctx.get(`/api/druid-connections/${conn.id}`)).json();
  const row = await storedRow(conn.id);
  const before2 = await counts(ctx);
  const upd = await ctx.put(`/api/druid-connections/${conn.id}?dryRun=true`, { data: { name, type: "druid", queryHosts: [host], protocol: "plain", title: "Second", sockPassword: "dry-sock-Planted-5" } });
  expect(upd.status(), await upd.text()).toBe(200);
  const answer = await upd.json();
  expect(answer).toMatchObject({ dryRun: true, action: "update", test: { ok: true }, result: { title: "Second" } });
  expect(answer.changes).toContain("title");
  expect(JSON.stringify(answer)).not.toContain("dry-sock-Planted-5");
  expect(checker.calls["/status"]).toBe(statusCalls + 2);
  expect(await (await ctx.get(`/api/druid-connections/${conn.id}`)).json()).toEqual(stored);
  expect(await storedRow(conn.id)).toEqual(row);
  expect(await counts(ctx)).toEqual(before2);
  expect(before2.connections).toBe(before.connections + 1);
});

test("a feed dry run reports whether the script passed a test, and says it ran none", async () => {
  const ctx = await asAdmin();
  const before = await counts(ctx);
  const res = await ctx.post("/api/feeds?dryRun=true", { data: { name: feedName("dryscript"), script: "print('never run')", status: "draft" } });
  expect(res.status(), await res.text()).toBe(200);
  const answer = await res.json();
  expect(answer.test).toMatchObject({ scriptTested: false, scriptRun: false });
  expect(answer.test.message).toMatch(/^Not run \(a dry run runs no script\)/);
  expect(await counts(ctx)).toEqual(before);
});
