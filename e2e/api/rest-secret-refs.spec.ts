import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createUser, signedIn, unique } from "../support/api";
import { createConnection, createFeed, loadRun, logText, testRun, warehouseRows } from "../support/feeds";
import { startServer, type RunningServer } from "../support/server";
import { TEST_API_HOST } from "../support/test-api";

// Secret references in REST connections: $__env{NAME} and $__file{/path} are stored as written and
// resolved only when used (Test, runs). The resolved values never show anywhere: API answers, run
// logs and output, the server's own output, the database file.

const ENV_PASSWORD = "env-Resolved-pw-4711";
const FILE_TOKEN = "file-Resolved-token-0815";
const resolved = /Resolved-/;

let server: RunningServer;
let ctx: APIRequestContext;
let checker: http.Server;
let checkerUrl = "";
let secretsDir = "";

test.beforeAll(async () => {
  secretsDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-e2e-secrets-"));
  fs.writeFileSync(path.join(secretsDir, "api_token"), `${FILE_TOKEN}\n`);
  checker = http.createServer((req, res) => {
    const ok = req.url === "/basic" ? req.headers.authorization === `Basic ${Buffer.from(`reader:${ENV_PASSWORD}`).toString("base64")}` : req.headers.authorization === `Bearer ${FILE_TOKEN}`;
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
    res.end(JSON.stringify(ok ? { records: [{ id: 1 }, { id: 2 }] } : { error: "refused" }));
  });
  await new Promise<void>((r) => checker.listen(0, TEST_API_HOST, r));
  checkerUrl = `http://${TEST_API_HOST}:${(checker.address() as { port: number }).port}`;
  const email = `${unique("refs")}@e2e.test`;
  const password = "refs-admin-pw-1";
  server = await startServer({
    label: "refs",
    env: { ADMIN_EMAIL: email, ADMIN_PASSWORD: password, SECRETS_DIR: secretsDir, REFS_E2E_PASSWORD: ENV_PASSWORD, SWITCHYARD_NET_ALLOW: `${TEST_API_HOST}/32` },
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

function dataFilesContain(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (fs.readFileSync(file).includes(needle)) hits.push(file);
  }
  return hits;
}

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
  expect(dataFilesContain(server.dataDir, ENV_PASSWORD)).toEqual([]);
  expect(dataFilesContain(server.dataDir, FILE_TOKEN)).toEqual([]);

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
