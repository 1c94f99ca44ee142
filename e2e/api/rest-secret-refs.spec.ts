import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createUser, signedIn, unique } from "../support/api";
import { filesContaining } from "../support/data-files";
import { createConnection, createFeed, loadRun, logText, testRun, warehouseRows } from "../support/feeds";
import { startServer, type RunningServer } from "../support/server";
import { TEST_API_HOST } from "../support/test-api";

// Secret references in REST connections: $__env{NAME} and $__file{/path} are stored as written and
// resolved only when used (Test, runs). The resolved values never show anywhere: API answers, run
// logs and output, the server's own output, the database file.

const ENV_PASSWORD = "env-Resolved-pw-4711";
const FILE_TOKEN = "file-Resolved-token-0815";
// OAuth 2.0 (client secret from the environment, refresh token from a file), an API key from the
// environment and a session login's password from a file.
const ENV_CLIENT_SECRET = "client-Resolved-secret-93";
const ENV_API_KEY = "apikey-Resolved-key-28";
const FILE_REFRESH = "refresh-Resolved-file-0";
const FILE_SESSION_PW = "session-Resolved-pw-61";
const SESSION_TOKEN = "sess-Resolved-token-5";
const resolved = /Resolved-/;

let server: RunningServer;
let ctx: APIRequestContext;
let checker: http.Server;
let checkerUrl = "";
let secretsDir = "";
// The token server's state: the refresh tokens it accepts, those it received, and those it issued.
const oauth = { valid: new Set([FILE_REFRESH]), received: [] as string[], rotated: [] as string[], access: new Set<string>(), refused: [] as string[] };

test.beforeAll(async () => {
  secretsDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-e2e-secrets-"));
  fs.writeFileSync(path.join(secretsDir, "api_token"), `${FILE_TOKEN}\n`);
  fs.writeFileSync(path.join(secretsDir, "refresh_token"), `${FILE_REFRESH}\n`);
  fs.writeFileSync(path.join(secretsDir, "session_pw"), FILE_SESSION_PW);
  checker = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const answer = (ok: boolean, value: unknown = { records: [{ id: 1 }, { id: 2 }] }, status = 401) => {
        res.writeHead(ok ? 200 : status, { "content-type": "application/json" });
        res.end(JSON.stringify(ok ? value : { error: "refused" }));
      };
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
      switch (url.pathname) {
        case "/basic":
          return answer(req.headers.authorization === `Basic ${Buffer.from(`reader:${ENV_PASSWORD}`).toString("base64")}`);
        case "/bearer":
          return answer(bearer === FILE_TOKEN);
        case "/oauth/token": {
          // Refresh-token grant, rotating: each answer carries a new refresh token.
          const form = new URLSearchParams(text);
          const refresh = form.get("refresh_token") ?? "";
          oauth.received.push(refresh);
          if (form.get("grant_type") !== "refresh_token" || form.get("client_id") !== "refs-client" || form.get("client_secret") !== ENV_CLIENT_SECRET) {
            oauth.refused.push(`client ${form.get("client_id")}`);
            return answer(false, null, 401);
          }
          if (!oauth.valid.has(refresh)) {
            oauth.refused.push(`refresh token ${refresh.length} chars`);
            return answer(false, null, 400);
          }
          const rotated = `refresh-Resolved-rot-${oauth.rotated.length + 1}`;
          oauth.rotated.push(rotated);
          oauth.valid.add(rotated);
          const access = `access-Resolved-${oauth.rotated.length}`;
          oauth.access.add(access);
          return answer(true, { access_token: access, token_type: "Bearer", expires_in: 3600, refresh_token: rotated });
        }
        case "/oauth/records":
          return answer(oauth.access.has(bearer));
        case "/key":
          return answer(url.searchParams.get("api_key") === ENV_API_KEY);
        case "/session/login": {
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(text || "{}");
          } catch {
            // refused below
          }
          return answer(body.user === "refs" && body.password === FILE_SESSION_PW, { data: { token: SESSION_TOKEN } });
        }
        case "/session/records":
          return answer(req.headers["x-session"] === SESSION_TOKEN);
        default:
          return answer(false, null, 404);
      }
    });
  });
  await new Promise<void>((r) => checker.listen(0, TEST_API_HOST, r));
  checkerUrl = `http://${TEST_API_HOST}:${(checker.address() as { port: number }).port}`;
  const email = `${unique("refs")}@e2e.test`;
  const password = "refs-admin-pw-1";
  server = await startServer({
    label: "refs",
    env: { ADMIN_EMAIL: email, ADMIN_PASSWORD: password, SECRETS_DIR: secretsDir, REFS_E2E_PASSWORD: ENV_PASSWORD, REFS_E2E_CLIENT_SECRET: ENV_CLIENT_SECRET, REFS_E2E_API_KEY: ENV_API_KEY, SWITCHYARD_NET_ALLOW: `${TEST_API_HOST}/32` },
  });
  ctx = await signedIn(email, password, server.baseURL);
});
test.afterAll(async () => {
  await server?.stop();
  await new Promise((r) => checker?.close(r));
});

const script = (url: string) => `import requests
from lib import outputStream, connection

r = requests.get("${url}", headers=connection.headers)
r.raise_for_status()
print("got", len(r.json()["records"]), "records with", connection.headers)
for rec in r.json()["records"]:
    outputStream.write(rec)
`;

// Sends the query parameters too (an API key in the query).
const paramsScript = (url: string) => `import requests
from lib import outputStream, connection

params = connection.get("params") or {}
r = requests.get("${url}", headers=connection.headers, params=params)
r.raise_for_status()
print("got", len(r.json()["records"]), "records with", connection.headers, params)
for rec in r.json()["records"]:
    outputStream.write(rec)
`;

test("references resolve at use only; values never show; editors cannot set them; unresolvable ones fail clearly", async () => {
  const basic = await createConnection(ctx, { authType: "basic", username: "reader", password: "$__env{REFS_E2E_PASSWORD}" });
  const bearer = await createConnection(ctx, { authType: "bearer", token: `$__file{${secretsDir}/api_token}`, testUrl: `${checkerUrl}/bearer` });
  const answers: string[] = [];
  const get = async (url: string) => {
    const text = await (await ctx.get(url)).text();
    answers.push(text);
    return JSON.parse(text);
  };
  // The API shows the reference itself, not the mask and never the value.
  expect(await get(`/api/connections/${basic.id}`)).toMatchObject({ password: "$__env{REFS_E2E_PASSWORD}" });
  expect(await get(`/api/connections/${bearer.id}`)).toMatchObject({ token: `$__file{${secretsDir}/api_token}` });

  for (const [conn, url] of [[basic, `${checkerUrl}/basic`], [bearer, `${checkerUrl}/bearer`]] as const) {
    const tested = await (await ctx.post(`/api/connections/${conn.id}/test`, { data: {} })).json();
    answers.push(JSON.stringify(tested));
    expect(tested.ok, JSON.stringify(tested)).toBe(true);
    const feed = await createFeed(ctx, { connectionId: conn.id, script: script(url) }, { dataDir: server.dataDir });
    const preview = await testRun(ctx, feed.id);
    answers.push(JSON.stringify(preview));
    expect(preview.status, preview.error ?? "").toBe("succeeded");
    const run = await loadRun(ctx, feed.id);
    answers.push(JSON.stringify(run), await logText(ctx, run.id), await logText(ctx, preview.id));
    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(warehouseRows(feed.name, server.dataDir)).toHaveLength(2);
    // A mask or the reference written back keeps it.
    const shown = await get(`/api/connections/${conn.id}`);
    const saved = await ctx.patch(`/api/connections/${conn.id}`, { data: { ...shown } });
    expect(saved.status(), await saved.text()).toBe(200);
  }
  for (const text of answers) expect(text).not.toMatch(resolved);
  expect(server.log()).not.toMatch(resolved);
  expect(filesContaining(server.dataDir, [ENV_PASSWORD, FILE_TOKEN])).toEqual([]);

  // An editor may not set or change a reference: 403 naming the field.
  const editor = await createUser(ctx, "editor");
  const ed = await signedIn(editor.email, editor.password, server.baseURL);
  const refused = await ed.post("/api/connections", { data: { name: unique("ed").replace(/-/g, "_"), authType: "basic", username: "x", password: "$__env{REFS_E2E_PASSWORD}" } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.fields).toHaveProperty("password");
  // An editor may keep an admin's reference (mask or the reference as shown) while the host stays…
  const kept = await ed.patch(`/api/connections/${basic.id}`, { data: { name: basic.name, authType: "basic", username: "reader", password: "••••••••" } });
  expect(kept.status(), await kept.text()).toBe(200);
  // …but not send it to a new host by typing the reference again.
  const moved = await ed.patch(`/api/connections/${bearer.id}`, { data: { name: bearer.name, authType: "bearer", token: `$__file{${secretsDir}/api_token}`, testUrl: `http://${TEST_API_HOST}:1/steal` } });
  expect(moved.status()).toBe(403);
  expect((await moved.json()).error.fields).toHaveProperty("token");
  const refusedTest = await ed.post("/api/connections/test", { data: { name: "probe", authType: "bearer", token: "$__env{REFS_E2E_PASSWORD}", testUrl: `${checkerUrl}/bearer` } });
  expect(refusedTest.status()).toBe(403);

  // A reference that cannot resolve fails Test and a run, naming it.
  const missing = await createConnection(ctx, { authType: "bearer", token: "$__env{REFS_E2E_NOT_SET}", testUrl: `${checkerUrl}/bearer` });
  const failed = await (await ctx.post(`/api/connections/${missing.id}/test`, { data: {} })).json();
  expect(failed.ok).toBe(false);
  expect(failed.message).toContain("$__env{REFS_E2E_NOT_SET}");
  const feed = await createFeed(ctx, { connectionId: missing.id, script: script(`${checkerUrl}/bearer`) }, { dataDir: server.dataDir });
  const run = await loadRun(ctx, feed.id);
  expect(run.status).toBe("failed");
  expect(run.error).toContain("$__env{REFS_E2E_NOT_SET}");
  const invalid = await ctx.post("/api/connections", { data: { name: unique("inv").replace(/-/g, "_"), authType: "bearer", token: "$__file{/etc/passwd}" } });
  expect(invalid.status()).toBe(422);
  expect((await invalid.json()).error.fields).toHaveProperty("token");
});

test("OAuth client secret and refresh token, an API key and a session password as references: used by tests and load runs, and a rotation leaves them alone", async () => {
  test.setTimeout(180_000);
  const answers: string[] = [];
  const get = async (url: string) => {
    const text = await (await ctx.get(url)).text();
    answers.push(text);
    return JSON.parse(text);
  };
  const testConn = async (id: string) => {
    const tested = await (await ctx.post(`/api/connections/${id}/test`, { data: {} })).json();
    answers.push(JSON.stringify(tested));
    return tested;
  };
  const useInRuns = async (id: string, script: string) => {
    const feed = await createFeed(ctx, { connectionId: id, script }, { dataDir: server.dataDir });
    const preview = await testRun(ctx, feed.id);
    expect(preview.status, preview.error ?? "").toBe("succeeded");
    const run = await loadRun(ctx, feed.id);
    answers.push(JSON.stringify(preview), JSON.stringify(run), await logText(ctx, preview.id), await logText(ctx, run.id));
    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(warehouseRows(feed.name, server.dataDir)).toHaveLength(2);
    return feed;
  };

  // OAuth 2.0 refresh-token grant: client secret from the environment, refresh token from a file.
  const secretRef = "$__env{REFS_E2E_CLIENT_SECRET}";
  const refreshRef = `$__file{${secretsDir}/refresh_token}`;
  const data = { authType: "oauth2", grantType: "refresh_token", tokenUrl: `${checkerUrl}/oauth/token`, clientId: "refs-client", clientSecret: secretRef, refreshToken: refreshRef, testUrl: `${checkerUrl}/oauth/records` };
  const conn = await createConnection(ctx, data);
  expect(await get(`/api/connections/${conn.id}`)).toMatchObject({ clientSecret: secretRef, refreshToken: refreshRef });
  const tested = await testConn(conn.id);
  expect(tested, `${JSON.stringify(tested)} refused: ${oauth.refused.join("; ")}`).toMatchObject({ ok: true, status: 200 });
  // The file's token was used, and the token server rotated it.
  expect(oauth.received).toEqual([FILE_REFRESH]);
  expect(oauth.rotated).toHaveLength(1);
  await useInRuns(conn.id, script(`${checkerUrl}/oauth/records`));

  // The rotated token was not written over the reference: the API still shows the references as
  // written, and no rotation was stored (no connection.secret_rotated event).
  const shown = await get(`/api/connections/${conn.id}`);
  expect(shown).toMatchObject({ clientSecret: secretRef, refreshToken: refreshRef });
  const rotations = await (await ctx.get(`/api/audit?pageSize=1&action=connection.secret_rotated&target=${conn.id}`)).json();
  expect(rotations.total).toBe(0);

  // The operator rotates the file (as a secrets manager would) and the token server now accepts
  // only the file's new token. After an edit saved as shown (which forgets the cached token) the
  // next Test and load run must read the file again: a rotated value stored over the reference
  // would be refused here.
  const fileRefresh2 = "refresh-Resolved-file-2";
  fs.writeFileSync(path.join(secretsDir, "refresh_token"), `${fileRefresh2}\n`);
  oauth.valid = new Set([fileRefresh2]);
  oauth.access.clear();
  const saved = await ctx.patch(`/api/connections/${conn.id}`, { data: { ...shown } });
  expect(saved.status(), await saved.text()).toBe(200);
  const received = oauth.received.length;
  const again = await testConn(conn.id);
  expect(again, `${JSON.stringify(again)} refused: ${oauth.refused.join("; ")}`).toMatchObject({ ok: true, status: 200 });
  expect(oauth.received.slice(received)).toEqual([fileRefresh2]);
  await useInRuns(conn.id, script(`${checkerUrl}/oauth/records`));
  expect(await get(`/api/connections/${conn.id}`)).toMatchObject({ clientSecret: secretRef, refreshToken: refreshRef });
  expect(oauth.refused).toEqual([]);

  // An API key (in the query) from the environment.
  const keyRef = "$__env{REFS_E2E_API_KEY}";
  const key = await createConnection(ctx, { authType: "apiKey", keyIn: "query", keyName: "api_key", keyValue: keyRef, testUrl: `${checkerUrl}/key` });
  expect(await get(`/api/connections/${key.id}`)).toMatchObject({ keyValue: keyRef });
  expect(await testConn(key.id)).toMatchObject({ ok: true, status: 200 });
  await useInRuns(key.id, paramsScript(`${checkerUrl}/key`));

  // A session token whose login password (a secret body value) comes from a file.
  const pwRef = `$__file{${secretsDir}/session_pw}`;
  const session = await createConnection(ctx, {
    authType: "sessionToken",
    authUrl: `${checkerUrl}/session/login`,
    method: "POST",
    headers: [],
    body: JSON.stringify({ user: "refs", password: pwRef }),
    secretBodyKeys: ["password"],
    tokenPath: "data.token",
    tokenIn: "header",
    tokenName: "X-Session",
    tokenPrefix: "",
  });
  const sessionShown = await get(`/api/connections/${session.id}`);
  expect(JSON.parse(sessionShown.body)).toEqual({ user: "refs", password: pwRef });
  expect(await testConn(session.id)).toMatchObject({ ok: true });
  await useInRuns(session.id, script(`${checkerUrl}/session/records`));
  const sessionSaved = await ctx.patch(`/api/connections/${session.id}`, { data: { ...sessionShown } });
  expect(sessionSaved.status(), await sessionSaved.text()).toBe(200);
  expect(JSON.parse((await get(`/api/connections/${session.id}`)).body)).toEqual({ user: "refs", password: pwRef });

  // No resolved value (nor a token the servers issued) in any answer, log, the server's output or DATA_DIR.
  for (const text of answers) expect(text).not.toMatch(resolved);
  expect(server.log()).not.toMatch(resolved);
  expect(filesContaining(server.dataDir, "Resolved-")).toEqual([]);
});
