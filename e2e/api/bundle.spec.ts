import fs from "node:fs";
import http from "node:http";
import { expect, test, type APIRequestContext } from "@playwright/test";
import YAML from "yaml";
import { asAdmin, signedIn } from "../support/api";
import { pgSchema } from "../support/databases";
import { createConnection, createFeed, feedName, incrementalScript, loadRun } from "../support/feeds";
import { startServer } from "../support/server";
import { BASIC_PASSWORD, BASIC_USER, startTestApi, TEST_API_HOST, type TestApi } from "../support/test-api";

// An OAuth 2.0 client-credentials server that checks everything the connection sends: the client
// secret, the scopes and two extra body fields, one of them secret. Its test URL accepts only the
// tokens it issued, so a passing Test on the importing server proves the secrets file's values arrived.
const OAUTH_SECRET = "oauth-Planted-bundle-31";
const OAUTH_EXTRA = "tenant-Planted-bundle-32";
const DRUID_PASSPHRASE = "druid-Planted-bundle-33";
type OAuthChecker = { url: string; issued: Set<string>; refused: string[]; close: () => Promise<void> };
async function startOAuthChecker(): Promise<OAuthChecker> {
  const issued = new Set<string>();
  const refused: string[] = [];
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.url === "/token" && req.method === "POST") {
        const f = new URLSearchParams(text);
        const got = { grant: f.get("grant_type"), client: f.get("client_id"), secret: f.get("client_secret") === OAUTH_SECRET, scope: f.get("scope"), audience: f.get("audience"), tenant: f.get("tenant_key") === OAUTH_EXTRA };
        if (got.grant !== "client_credentials" || got.client !== "bundle-client" || !got.secret || got.scope !== "export import" || got.audience !== "feeds" || !got.tenant) {
          refused.push(JSON.stringify(got));
          return send(401, { error: "invalid_client" });
        }
        const token = `tok-${issued.size + 1}-${Date.now()}`;
        issued.add(token);
        return send(200, { access_token: token, token_type: "Bearer", expires_in: 3600 });
      }
      if (req.url === "/records") return issued.has(/^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "") ? send(200, { records: [] }) : send(401, { error: "unknown token" });
      send(404, { error: "not found" });
    });
  });
  await new Promise<void>((r) => server.listen(0, TEST_API_HOST, r));
  return { url: `http://${TEST_API_HOST}:${(server.address() as { port: number }).port}`, issued, refused, close: () => new Promise((r) => server.close(() => r())) };
}

let api: TestApi;
let oauth: OAuthChecker;
test.beforeAll(async () => {
  api = await startTestApi();
  oauth = await startOAuthChecker();
});
test.afterAll(async () => {
  await api.close();
  await oauth.close();
});

/** An object as the API shows it, without what differs between servers (ids, times, last test, runs). */
function comparable(o: Record<string, unknown>): Record<string, unknown> {
  const { id, connectionId, createdAt, updatedAt, lastTest, lastRun, nextRuns, usedBy, ...rest } = o;
  void id, void connectionId, void createdAt, void updatedAt, void lastTest, void lastRun, void nextRuns;
  return { ...rest, ...(Array.isArray(usedBy) ? { usedBy: usedBy.map((u: { name: string | null }) => u.name) } : {}) };
}

const auditTotal = async (ctx: APIRequestContext, target = "") => (await (await ctx.get(`/api/audit?pageSize=1&target=${target}`)).json()).total as number;

test("export -> import into a fresh server with a secrets file reproduces connections and feeds that run", async () => {
  test.setTimeout(240_000);
  api.setTotal(25);
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "basic", username: BASIC_USER, password: BASIC_PASSWORD });
  // A schedule far away (1 January, 00:00 UTC: it never fires during the test) and a watcher told of every run.
  const trigger = { type: "schedule", mode: "cron", cron: "0 0 0 1 1 ?", timezone: "UTC" };
  const watchers = [{ url: `${api.url}/watcher`, onSuccess: true, onFailure: true }];
  const feed = await createFeed(ctx, { connectionId: conn.id, script: incrementalScript(api.url, "/basic"), tags: ["as-code"], trigger, watchers });
  // OAuth 2.0 with a secret extra body field, and a Druid connection with a secret: all of their
  // secret values come from the secrets file on the other side.
  const oauthConn = await createConnection(ctx, {
    authType: "oauth2",
    grantType: "client_credentials",
    tokenUrl: `${oauth.url}/token`,
    clientId: "bundle-client",
    clientSecret: OAUTH_SECRET,
    scopes: "export import",
    extraBody: [{ key: "audience", value: "feeds", secret: false }, { key: "tenant_key", value: OAUTH_EXTRA, secret: true }],
    testUrl: `${oauth.url}/records`,
  });
  expect(await (await ctx.post(`/api/connections/${oauthConn.id}/test`, { data: {} })).json()).toMatchObject({ ok: true });
  const druidName = feedName("bundle_druid");
  const druidRes = await ctx.post("/api/druid-connections", { data: { name: druidName, title: "Bundle Druid", queryHosts: ["127.0.0.2:1", "127.0.0.2:2"], timeout: 40_000, protocol: "plain", passphrase: DRUID_PASSPHRASE, sockHost: "127.0.0.2:1080", sockUsername: "proxy" } });
  expect(druidRes.status(), await druidRes.text()).toBe(201);
  const druid = await druidRes.json();
  const pg = await pgSchema(2);
  const dbName = feedName("bundle_pg");
  const db = await ctx.post("/api/databases", { data: { alias: dbName, connection_uri: `postgresql://postgres:pg-Planted-55@127.0.0.1:5432/test`, schemas: [pg.schema] } });
  expect(db.status(), await db.text()).toBe(201);

  const originals = {
    [conn.name]: comparable(await (await ctx.get(`/api/connections/${conn.id}`)).json()),
    [oauthConn.name]: comparable(await (await ctx.get(`/api/connections/${oauthConn.id}`)).json()),
    [druidName]: comparable(await (await ctx.get(`/api/druid-connections/${druid.id}`)).json()),
    [feed.name]: comparable(await (await ctx.get(`/api/feeds/${feed.id}`)).json()),
  };
  const res = await ctx.get(`/api/export?connections=${conn.name},${oauthConn.name},${druidName}&databases=${dbName}&feeds=${feed.name}`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("yaml");
  const text = await res.text();
  expect(text).not.toContain(BASIC_PASSWORD);
  expect(text).not.toContain("pg-Planted-55");
  expect(text).not.toMatch(/Planted-bundle/);
  const bundle = YAML.parse(text);
  expect(bundle.version).toBe(1);
  expect(bundle.connections).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: conn.name, kind: "rest", authType: "basic", username: BASIC_USER, secrets: ["password"] }),
      expect.objectContaining({ name: dbName, kind: "database", secrets: ["password"] }),
      expect.objectContaining({ name: oauthConn.name, kind: "rest", authType: "oauth2", clientId: "bundle-client", secrets: ["clientSecret", "extraBody.1.value"] }),
      expect.objectContaining({ name: druidName, kind: "druid", queryHosts: ["127.0.0.2:1", "127.0.0.2:2"], secrets: ["passphrase"] }),
    ]),
  );
  expect(bundle.feeds).toEqual([expect.objectContaining({ name: feed.name, connection: conn.name, status: "active", tags: ["as-code"], destinations: ["sqlite"], trigger, watchers })]);

  const fresh = await startServer({ label: "bundle-import", env: { ADMIN_EMAIL: "admin@bundle.test", ADMIN_PASSWORD: "Bundle-import-pw-93!" } });
  try {
    const other = await signedIn("admin@bundle.test", "Bundle-import-pw-93!", fresh.baseURL);
    const secrets = {
      connections: {
        [conn.name]: { password: BASIC_PASSWORD },
        [dbName]: { password: "pg-Planted-55" },
        [oauthConn.name]: { clientSecret: OAUTH_SECRET, "extraBody.1.value": OAUTH_EXTRA },
        [druidName]: { passphrase: DRUID_PASSPHRASE },
      },
    };
    // The secrets file as a user writes it: YAML text beside the bundle.
    const secretsText = YAML.stringify(secrets);

    const dry = await other.post("/api/import", { data: { bundle: text, secrets: secretsText, dryRun: true } });
    expect(dry.status(), await dry.text()).toBe(200);
    const plan = await dry.json();
    expect(plan).toMatchObject({ dryRun: true, valid: true, errors: [] });
    expect(plan.objects.map((o: { name: string; action: string }) => `${o.action} ${o.name}`).sort()).toEqual([`create ${conn.name}`, `create ${dbName}`, `create ${oauthConn.name}`, `create ${druidName}`, `create ${feed.name}`].sort());
    expect((await (await other.get("/api/connections")).json()).connections).toEqual([]);

    const imported = await other.post("/api/import", { data: { bundle: text, secrets: secretsText } });
    expect(imported.status(), await imported.text()).toBe(200);
    const result = await imported.json();
    expect(JSON.stringify(result)).not.toContain(BASIC_PASSWORD);
    expect(JSON.stringify(result)).not.toMatch(/Planted-bundle/);
    const feedEntry = result.objects.find((o: { name: string }) => o.name === feed.name);
    expect(feedEntry.activation, JSON.stringify(feedEntry)).toMatchObject({ status: "active" });

    const feeds = (await (await other.get("/api/feeds")).json()).feeds;
    expect(feeds).toEqual([expect.objectContaining({ name: feed.name, status: "active", connectionName: conn.name, tags: ["as-code"] })]);

    // Each imported object equals its original, apart from ids and times: the schedule and the
    // watcher included, and every secret field shown masked where the original shows it masked.
    const restList = (await (await other.get("/api/connections")).json()).connections as { id: string; name: string; kind: string }[];
    const idOf = (name: string) => restList.find((c) => c.name === name)?.id;
    expect(comparable(await (await other.get(`/api/connections/${idOf(conn.name)}`)).json())).toEqual(originals[conn.name]);
    expect(comparable(await (await other.get(`/api/connections/${idOf(oauthConn.name)}`)).json())).toEqual(originals[oauthConn.name]);
    expect(comparable(await (await other.get(`/api/druid-connections/${idOf(druidName)}`)).json())).toEqual(originals[druidName]);
    const importedFeed = await (await other.get(`/api/feeds/${feeds[0].id}`)).json();
    expect(comparable(importedFeed)).toEqual(originals[feed.name]);
    expect(importedFeed).toMatchObject({ trigger, watchers });
    expect(importedFeed.nextRuns[0]).toMatch(/-01-01T00:00:00/);

    // The OAuth connection tests OK with the secrets file's values: the token server checked them.
    const issuedBefore = oauth.issued.size;
    const tested = await (await other.post(`/api/connections/${idOf(oauthConn.name)}/test`, { data: {} })).json();
    expect(tested, `${JSON.stringify(tested)} refused: ${oauth.refused.join("; ")}`).toMatchObject({ ok: true, status: 200 });
    expect(oauth.issued.size).toBe(issuedBefore + 1);

    const notified = api.notifications.length;
    const run = await loadRun(other, feeds[0].id);
    expect(run, run.error ?? "").toMatchObject({ status: "succeeded", records: 25 });
    // The imported watcher is told of the run.
    await expect.poll(() => api.notifications.slice(notified).map((n) => n.body), { timeout: 30_000 }).toEqual([expect.objectContaining({ feed: { id: feeds[0].id, name: feed.name }, run: expect.objectContaining({ id: run.id, status: "succeeded" }) })]);
    const dbs = (await (await other.get("/api/databases")).json()).databases;
    expect(dbs).toEqual([expect.objectContaining({ name: dbName, dialect: "postgresql" })]);
    expect(dbs[0].tables.total).toBe(2);

    // Imported again unchanged: every object is left alone, with no audit event.
    const before = await auditTotal(other);
    const again = await (await other.post("/api/import", { data: { bundle: text, secrets: secretsText } })).json();
    expect(again.objects.map((o: { action: string }) => o.action)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged", "unchanged"]);
    expect(await auditTotal(other)).toBe(before);
    expect(fs.readFileSync(fresh.logFile, "utf8")).not.toContain(BASIC_PASSWORD);
    expect(fs.readFileSync(fresh.logFile, "utf8")).not.toMatch(/Planted-bundle/);
  } finally {
    await fresh.stop();
    await pg.drop();
    fs.rmSync(fresh.dataDir, { recursive: true, force: true });
  }
});

test("an import with one bad object changes nothing and names the object and field", async () => {
  const ctx = await asAdmin();
  const good = feedName("good");
  const bad = feedName("bad");
  const feed = feedName("orphan");
  const bundle = {
    version: 1,
    connections: [
      { name: good, kind: "rest", authType: "none" },
      { name: bad, kind: "rest", authType: "basic", username: "u", secrets: ["password"] },
    ],
    feeds: [{ name: feed, connection: good, script: "print(1)", destinations: ["sqlite"] }],
  };
  const audit = await auditTotal(ctx, good);
  const res = await ctx.post("/api/import", { data: { bundle, secrets: { connections: {} } } });
  expect(res.status()).toBe(422);
  const body = await res.json();
  expect(Object.keys(body.error.fields)).toContain(`connections.${bad}.password`);
  expect(body.error.message).toContain("Nothing was imported");
  const names = (await (await ctx.get(`/api/connections?q=${good}`)).json()).connections.map((c: { name: string }) => c.name);
  expect(names).not.toContain(good);
  expect((await (await ctx.get(`/api/feeds?q=${feed}`)).json()).feeds.map((f: { name: string }) => f.name)).not.toContain(feed);
  expect(await auditTotal(ctx, good)).toBe(audit);

  // The same bundle as a dry run: the plan object by object, and the problem, with nothing written.
  const dry = await (await ctx.post("/api/import?dryRun=true", { data: { bundle, secrets: {} } })).json();
  expect(dry).toMatchObject({ dryRun: true, valid: false });
  expect(dry.objects).toEqual(expect.arrayContaining([expect.objectContaining({ name: good, action: "create" }), expect.objectContaining({ name: feed, action: "create" })]));
  expect(dry.errors).toEqual([expect.objectContaining({ object: `connections.${bad}`, field: "password" })]);

  // A bad field inside an object is named too, and a feed pointing at a missing connection.
  const res2 = await ctx.post("/api/import", { data: { bundle: { version: 1, connections: [{ name: good, kind: "rest", authType: "custom", authUrl: "nope" }], feeds: [{ name: feed, connection: "no_such_conn" }] } } });
  expect(res2.status()).toBe(422);
  const f2 = (await res2.json()).error.fields;
  expect(Object.keys(f2)).toEqual(expect.arrayContaining([`connections.${good}.authUrl`, `feeds.${feed}.connection`]));
  // Not YAML at all: 422 naming the bundle.
  const res3 = await ctx.post("/api/import", { data: { bundle: "version: [1" } });
  expect(res3.status()).toBe(422);
  expect(Object.keys((await res3.json()).error.fields)).toContain("bundle");
});

test("an update through import reports the changed fields, secrets by name only", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "basic", username: "before", password: "Old-secret-Planted-1" });
  const bundle = { version: 1, connections: [{ name: conn.name, kind: "rest", authType: "basic", username: "after", secrets: ["password"] }] };
  const dry = await (await ctx.post("/api/import", { data: { bundle, secrets: { connections: { [conn.name]: { password: "New-secret-Planted-2" } } }, dryRun: true } })).json();
  expect(dry.objects).toEqual([expect.objectContaining({ name: conn.name, action: "update", changes: ["secrets.password", "username"] })]);
  expect(JSON.stringify(dry)).not.toContain("Planted");
  // Without the secret, an existing connection keeps its stored one.
  const kept = await (await ctx.post("/api/import", { data: { bundle, dryRun: true } })).json();
  expect(kept.objects[0].changes).toEqual(["username"]);
  expect((await (await ctx.get(`/api/connections/${conn.id}`)).json()).username).toBe("before");
});

test("npx switchyard export and import FILE --secrets FILE use the same bundles", async () => {
  test.setTimeout(120_000);
  const { switchyard } = await import("../support/cli");
  const os = await import("node:os");
  const path = await import("node:path");
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "basic", username: "cli_user", password: "Cli-export-Planted-7" });
  const out = switchyard(["export", "--connections", conn.name, "--databases", "none", "--feeds", "none"], process.env.E2E_DATA_DIR!);
  expect(out.status, out.stderr).toBe(0);
  expect(out.stdout).not.toContain("Cli-export-Planted-7");
  expect(YAML.parse(out.stdout).connections).toEqual([expect.objectContaining({ name: conn.name, secrets: ["password"] })]);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-cli-bundle-"));
  try {
    const renamed = feedName("cli_copy");
    const bundleFile = path.join(dir, "bundle.yaml");
    fs.writeFileSync(bundleFile, out.stdout.replaceAll(conn.name, renamed));
    const dry = switchyard(["import", bundleFile, "--dry-run"], process.env.E2E_DATA_DIR!);
    expect(dry.status).toBe(1);
    expect(dry.stderr).toContain(`connections.${renamed}.password`);
    const secretsFile = path.join(dir, "secrets.yaml");
    fs.writeFileSync(secretsFile, YAML.stringify({ connections: { [renamed]: { password: "Cli-import-Planted-8" } } }));
    const done = switchyard(["import", bundleFile, "--secrets", secretsFile], process.env.E2E_DATA_DIR!);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain(`create connection ${renamed}`);
    const list = (await (await ctx.get(`/api/connections?q=${renamed}`)).json()).connections;
    expect(list).toEqual([expect.objectContaining({ name: renamed, detail: "basic" })]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
