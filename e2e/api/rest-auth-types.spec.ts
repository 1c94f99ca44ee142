import http from "node:http";
import { expect, test } from "@playwright/test";
import { asAdmin } from "../support/api";
import { filesContaining } from "../support/data-files";
import { createConnection, createFeed, loadRun, logText, warehouseRows } from "../support/feeds";
import { TEST_API_HOST } from "../support/test-api";

// Each auth type reaches a server that checks exactly what it receives; the scripts use only
// connection.headers and connection.params. The OAuth token endpoint issues 2-second tokens and
// rotates refresh tokens, so a run longer than that must get renewed headers.

const BEARER = "bearer-Planted-tok-81";
const API_KEY = "apikey-Planted-val-62";
const CLIENT_SECRET = "client-Planted-secret-17";
const SESSION_PASSWORD = "session-Planted-pw-33";
const FIRST_REFRESH = "refresh-Planted-0";
// Every refresh token the token server issues starts with this (refresh-Planted-N).
const REFRESH_PREFIX = "refresh-Planted-";
// The token endpoint refuses any other scope: OAuth scopes are one space-delimited parameter.
const SCOPES = "read write";
const SESSION_TOKEN = "sess-Planted-9";

type Checker = { url: string; close: () => Promise<void>; issued: number; refused: string[]; currentRefresh: string; oauthCalls: number; scopes: (string | null)[]; sessionQueries: number };

async function startChecker(): Promise<Checker> {
  const tokens = new Map<string, number>(); // access token -> expiry
  let n = 0;
  const state: Checker = { url: "", close: async () => {}, issued: 0, refused: [], currentRefresh: FIRST_REFRESH, oauthCalls: 0, scopes: [], sessionQueries: 0 };
  const body = (req: http.IncomingMessage) => new Promise<string>((r) => { let s = ""; req.on("data", (c) => (s += c)); req.on("end", () => r(s)); });
  const send = (res: http.ServerResponse, status: number, value: unknown) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(value)); };
  const records = (res: http.ServerResponse, kind: string) => send(res, 200, { records: [{ id: 1, kind }, { id: 2, kind }] });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, "http://x");
    const text = await body(req);
    if (url.pathname === "/bearer/records") return req.headers.authorization === `Bearer ${BEARER}` ? records(res, "bearer") : send(res, 401, { error: "bad bearer" });
    if (url.pathname === "/key/records") return req.headers["x-api-key"] === API_KEY ? records(res, "key-header") : send(res, 401, { error: "bad key" });
    if (url.pathname === "/query/records") return url.searchParams.get("api_key") === API_KEY ? records(res, "key-query") : send(res, 401, { error: "bad key" });
    if (url.pathname === "/oauth/token" && req.method === "POST") {
      const form = new URLSearchParams(text);
      if (form.get("client_id") !== "sy-client" || form.get("client_secret") !== CLIENT_SECRET || form.get("audience") !== "feeds") return send(res, 401, { error: "invalid_client" });
      state.scopes.push(form.get("scope"));
      if (form.get("scope") !== SCOPES) return send(res, 400, { error: "invalid_scope", got: form.get("scope") });
      if (form.get("grant_type") === "refresh_token") {
        if (form.get("refresh_token") !== state.currentRefresh) {
          state.refused.push(form.get("refresh_token") ?? "");
          return send(res, 400, { error: "invalid_grant" });
        }
        state.currentRefresh = `refresh-Planted-${++n}`;
      } else if (form.get("grant_type") !== "client_credentials") return send(res, 400, { error: "unsupported_grant_type" });
      const access = `access-Planted-${++n}`;
      tokens.set(access, Date.now() + 2_000);
      state.issued++;
      return send(res, 200, { access_token: access, token_type: "Bearer", expires_in: 2, ...(form.get("grant_type") === "refresh_token" ? { refresh_token: state.currentRefresh } : {}) });
    }
    if (url.pathname === "/oauth/records") {
      state.oauthCalls++;
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
      const until = tokens.get(token);
      return until && until > Date.now() ? records(res, "oauth") : send(res, 401, { error: "expired or unknown token" });
    }
    if (url.pathname === "/session/login" && req.method === "POST") {
      const login = JSON.parse(text || "{}");
      return login.user === "sy" && login.password === SESSION_PASSWORD ? send(res, 200, { data: { session: SESSION_TOKEN } }) : send(res, 401, { error: "bad login" });
    }
    if (url.pathname === "/session/records") return req.headers["x-session"] === `Token ${SESSION_TOKEN}` ? records(res, "session") : send(res, 401, { error: "no session" });
    // The token as a query parameter: nothing of it in the headers.
    if (url.pathname === "/session-query/records") {
      state.sessionQueries++;
      const clean = !Object.values(req.headers).some((v) => String(v).includes(SESSION_TOKEN));
      return url.searchParams.get("sid") === SESSION_TOKEN && clean ? records(res, "session-query") : send(res, 401, { error: "no session in ?sid=" });
    }
    send(res, 404, { error: "not found" });
  });
  await new Promise<void>((r) => server.listen(0, TEST_API_HOST, r));
  state.url = `http://${TEST_API_HOST}:${(server.address() as { port: number }).port}`;
  state.close = () => new Promise((r) => server.close(() => r()));
  return state;
}

let api: Checker;
test.beforeAll(async () => {
  api = await startChecker();
});
test.afterAll(async () => api.close());

const fetchScript = (url: string) => `import requests
from lib import outputStream, connection

r = requests.get("${url}", headers=connection.headers, params=connection.params)
r.raise_for_status()
for rec in r.json()["records"]:
    outputStream.write(rec)
`;

const planted = /Planted/;

test("bearer, API key (header and query) and session token: Test checks them, a run's script gets ready headers", async () => {
  const ctx = await asAdmin();
  const cases = [
    { data: { authType: "bearer", token: BEARER, testUrl: `${api.url}/bearer/records` }, path: "/bearer/records", kind: "bearer" },
    { data: { authType: "apiKey", keyIn: "header", keyName: "X-Api-Key", keyValue: API_KEY, testUrl: `${api.url}/key/records` }, path: "/key/records", kind: "key-header" },
    { data: { authType: "apiKey", keyIn: "query", keyName: "api_key", keyValue: API_KEY, testUrl: `${api.url}/query/records` }, path: "/query/records", kind: "key-query" },
    {
      data: {
        authType: "sessionToken",
        authUrl: `${api.url}/session/login`,
        method: "POST",
        headers: [],
        body: JSON.stringify({ user: "sy", password: SESSION_PASSWORD }),
        secretBodyKeys: ["password"],
        tokenPath: "data.session",
        tokenIn: "header",
        tokenName: "X-Session",
        tokenPrefix: "Token ",
      },
      path: "/session/records",
      kind: "session",
    },
    {
      data: {
        authType: "sessionToken",
        authUrl: `${api.url}/session/login`,
        method: "POST",
        headers: [],
        body: JSON.stringify({ user: "sy", password: SESSION_PASSWORD }),
        secretBodyKeys: ["password"],
        tokenPath: "data.session",
        tokenIn: "query",
        tokenName: "sid",
        // A test URL is not part of the session token type: the run's script proves the parameter.
      },
      path: "/session-query/records",
      kind: "session-query",
    },
  ];
  for (const c of cases) {
    const conn = await createConnection(ctx, c.data);
    const got = await (await ctx.get(`/api/connections/${conn.id}`)).json();
    expect(JSON.stringify(got)).not.toMatch(planted);
    expect(pick(got, ["tokenIn", "tokenName", "keyIn", "keyName"])).toEqual(pick(c.data, ["tokenIn", "tokenName", "keyIn", "keyName"]));
    const tested = await (await ctx.post(`/api/connections/${conn.id}/test`, { data: {} })).json();
    expect(tested, c.kind).toMatchObject({ ok: true });
    // A mask written back keeps the stored secret.
    const saved = await ctx.patch(`/api/connections/${conn.id}`, { data: { ...c.data, ...pick(got, ["token", "keyValue", "body"]), name: conn.name } });
    expect(saved.status(), await saved.text()).toBe(200);
    const feed = await createFeed(ctx, { connectionId: conn.id, script: fetchScript(`${api.url}${c.path}`) });
    const run = await loadRun(ctx, feed.id);
    expect(run.status, `${c.kind}: ${run.error}`).toBe("succeeded");
    expect(warehouseRows(feed.name).map((r) => r.kind)).toEqual([c.kind, c.kind]);
    expect(await logText(ctx, run.id)).not.toMatch(planted);
  }
  // The query-style session token reached the API as ?sid=, never in a header.
  expect(api.sessionQueries).toBeGreaterThan(0);

  // Wrong credentials fail Test; a token path missing from the login answer is named.
  const wrong = await (await ctx.post("/api/connections/test", { data: { name: "probe", authType: "bearer", token: "nope", testUrl: `${api.url}/bearer/records` } })).json();
  expect(wrong).toMatchObject({ ok: false, code: "http_4xx", status: 401 });
  const noPath = await (await ctx.post("/api/connections/test", { data: { ...cases[3].data, name: "probe", tokenPath: "data.missing" } })).json();
  expect(noPath.ok).toBe(false);
  expect(noPath.message).toContain("data.missing");
  const untested = await (await ctx.post("/api/connections/test", { data: { name: "probe", authType: "bearer", token: "x" } })).json();
  expect(untested).toMatchObject({ ok: true, status: null });
  expect(untested.message).toMatch(/Nothing to call/);

  // A new test URL host requires the token again.
  const conn = await createConnection(ctx, cases[0].data);
  const moved = await ctx.patch(`/api/connections/${conn.id}`, { data: { ...cases[0].data, name: conn.name, token: "••••••••", testUrl: "http://localhost:9/x" } });
  expect(moved.status()).toBe(422);
  expect((await moved.json()).error.fields).toHaveProperty("token");
});

function pick(o: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

test("OAuth 2.0 refresh-token grant: short-lived tokens renewed during a long run, rotated refresh token stored", async () => {
  const ctx = await asAdmin();
  const data = {
    authType: "oauth2",
    grantType: "refresh_token",
    tokenUrl: `${api.url}/oauth/token`,
    clientId: "sy-client",
    clientSecret: CLIENT_SECRET,
    refreshToken: FIRST_REFRESH,
    scopes: SCOPES,
    extraBody: [{ key: "audience", value: "feeds", secret: false }],
  };
  const conn = await createConnection(ctx, data);
  const got = await (await ctx.get(`/api/connections/${conn.id}`)).json();
  expect(got).toMatchObject({ clientSecret: "••••••••", refreshToken: "••••••••", grantType: "refresh_token" });
  const tested = await (await ctx.post(`/api/connections/${conn.id}/test`, { data: {} })).json();
  expect(tested, JSON.stringify(tested)).toMatchObject({ ok: true });
  expect(api.currentRefresh).not.toBe(FIRST_REFRESH);
  // Test before save (the edit dialog's Test) uses the saved refresh token and keeps the rotated one;
  // a typed refresh token is not spent by a test.
  const mask = "••••••••";
  const beforeSave = await (await ctx.post(`/api/connections/test?id=${conn.id}`, { data: { ...data, name: conn.name, clientSecret: mask, refreshToken: mask } })).json();
  expect(beforeSave, JSON.stringify(beforeSave)).toMatchObject({ ok: true });
  const typed = await (await ctx.post("/api/connections/test", { data: { ...data, name: "probe" } })).json();
  expect(typed.message).toMatch(/Nothing to call/);
  expect(api.refused).toEqual([]);

  // About 5 s of requests, each with the headers as they are now: the 2 s tokens must be renewed.
  const longScript = `import time, requests
from lib import outputStream, connection

end = time.time() + 5
i = 0
# At least 5 s (tokens last 2 s) and 12 requests, however slow the machine; at most a minute.
while (time.time() < end or i < 12) and time.time() < end + 55:
    r = requests.get("${api.url}/oauth/records", headers=connection.headers)
    outputStream.write({"i": i, "status": r.status_code})
    i += 1
    time.sleep(0.25)
`;
  const feed = await createFeed(ctx, { connectionId: conn.id, script: longScript });
  const issuedBefore = api.issued;
  const run = await loadRun(ctx, feed.id);
  expect(run.status, run.error ?? "").toBe("succeeded");
  const rows = warehouseRows(feed.name);
  expect(rows.length).toBeGreaterThan(10);
  expect(rows.filter((r) => r.status !== 200)).toEqual([]);
  expect(api.issued - issuedBefore).toBeGreaterThanOrEqual(3);
  const log = await logText(ctx, run.id);
  expect(log).toContain("Connection headers renewed");
  expect(log).not.toMatch(planted);
  expect(api.refused).toEqual([]);

  // The rotated refresh token is stored (shown masked); a second run uses it, the old one is refused.
  expect(JSON.stringify(await (await ctx.get(`/api/connections/${conn.id}`)).json())).not.toMatch(planted);
  const second = await loadRun(ctx, feed.id);
  expect(second.status, second.error ?? "").toBe("succeeded");
  expect(api.refused).toEqual([]);
  // Each rotation was stored back (audited without the value).
  const rotations = await (await ctx.get(`/api/audit?pageSize=1&action=connection.secret_rotated&target=${conn.id}`)).json();
  expect(rotations.total).toBeGreaterThanOrEqual(1);
  expect(JSON.stringify(rotations)).not.toMatch(planted);

  // What the server now uses is the stored token, not one it only holds in memory: an edit saved
  // with the masks forgets the cached token, so the next Test reads the refresh token from the
  // database. The token server accepts only the latest rotated one.
  const resaved = await ctx.patch(`/api/connections/${conn.id}`, { data: { ...data, name: conn.name, clientSecret: mask, refreshToken: mask } });
  expect(resaved.status(), await resaved.text()).toBe(200);
  const latest = api.currentRefresh;
  const fromStore = await (await ctx.post(`/api/connections/${conn.id}/test`, { data: {} })).json();
  expect(fromStore, JSON.stringify(fromStore)).toMatchObject({ ok: true });
  expect(api.refused).toEqual([]);
  expect(api.currentRefresh).not.toBe(latest);

  // Stored encrypted: no refresh token the server ever issued (nor the first one, nor the client
  // secret) is in plain text in any file of DATA_DIR (database, WAL, keys, run folders).
  expect(filesContaining(process.env.E2E_DATA_DIR!, [REFRESH_PREFIX, CLIENT_SECRET, latest, api.currentRefresh])).toEqual([]);

  const replay = await fetch(`${api.url}/oauth/token`, { method: "POST", body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: FIRST_REFRESH, client_id: "sy-client", client_secret: CLIENT_SECRET, audience: "feeds", scope: SCOPES }) });
  expect(replay.status).toBe(400);
  expect((await replay.json()).error).toBe("invalid_grant");
});

test("OAuth 2.0 client credentials: Test fetches a token and calls the test URL", async () => {
  const ctx = await asAdmin();
  const data = { authType: "oauth2", grantType: "client_credentials", tokenUrl: `${api.url}/oauth/token`, clientId: "sy-client", clientSecret: CLIENT_SECRET, scopes: SCOPES, extraBody: [{ key: "audience", value: "feeds", secret: true }], testUrl: `${api.url}/oauth/records` };
  const conn = await createConnection(ctx, data);
  const got = await (await ctx.get(`/api/connections/${conn.id}`)).json();
  expect(got.extraBody).toEqual([{ key: "audience", value: "••••••••", secret: true }]);
  const scopesBefore = api.scopes.length;
  const tested = await (await ctx.post(`/api/connections/${conn.id}/test`, { data: {} })).json();
  expect(tested, JSON.stringify(tested)).toMatchObject({ ok: true, status: 200 });
  // The token request carried the scopes as one space-delimited `scope` parameter.
  expect(api.scopes.slice(scopesBefore)).toEqual([SCOPES]);
  const wrongScope = await (await ctx.post("/api/connections/test", { data: { ...data, name: "probe", scopes: "admin" } })).json();
  expect(wrongScope).toMatchObject({ ok: false, code: "http_4xx", status: 400 });
  expect(api.scopes.at(-1)).toBe("admin");
  const bad = await (await ctx.post("/api/connections/test", { data: { ...data, name: "probe", clientSecret: "wrong" } })).json();
  expect(bad).toMatchObject({ ok: false, code: "http_4xx", status: 401 });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: fetchScript(`${api.url}/oauth/records`) });
  const run = await loadRun(ctx, feed.id);
  expect(run.status, run.error ?? "").toBe("succeeded");
  expect(warehouseRows(feed.name)).toHaveLength(2);
});
