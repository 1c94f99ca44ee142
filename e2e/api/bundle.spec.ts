import fs from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import YAML from "yaml";
import { asAdmin, signedIn } from "../support/api";
import { pgSchema } from "../support/databases";
import { createConnection, createFeed, feedName, incrementalScript, loadRun } from "../support/feeds";
import { startServer } from "../support/server";
import { BASIC_PASSWORD, BASIC_USER, startTestApi, type TestApi } from "../support/test-api";

let api: TestApi;
test.beforeAll(async () => {
  api = await startTestApi();
});
test.afterAll(async () => api.close());

const auditTotal = async (ctx: APIRequestContext, target = "") => (await (await ctx.get(`/api/audit?pageSize=1&target=${target}`)).json()).total as number;

test("export -> import into a fresh server with a secrets file reproduces connections and feeds that run", async () => {
  test.setTimeout(240_000);
  api.setTotal(25);
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "basic", username: BASIC_USER, password: BASIC_PASSWORD });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: incrementalScript(api.url, "/basic"), tags: ["as-code"], trigger: { type: "none" } });
  const pg = await pgSchema(2);
  const dbName = feedName("bundle_pg");
  const db = await ctx.post("/api/databases", { data: { alias: dbName, connection_uri: `postgresql://postgres:pg-Planted-55@127.0.0.1:5432/test`, schemas: [pg.schema] } });
  expect(db.status(), await db.text()).toBe(201);

  const res = await ctx.get(`/api/export?connections=${conn.name}&databases=${dbName}&feeds=${feed.name}`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("yaml");
  const text = await res.text();
  expect(text).not.toContain(BASIC_PASSWORD);
  expect(text).not.toContain("pg-Planted-55");
  const bundle = YAML.parse(text);
  expect(bundle.version).toBe(1);
  expect(bundle.connections).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: conn.name, kind: "rest", authType: "basic", username: BASIC_USER, secrets: ["password"] }),
      expect.objectContaining({ name: dbName, kind: "database", secrets: ["password"] }),
    ]),
  );
  expect(bundle.feeds).toEqual([expect.objectContaining({ name: feed.name, connection: conn.name, status: "active", tags: ["as-code"], destinations: ["sqlite"] })]);

  const fresh = await startServer({ label: "bundle-import", env: { ADMIN_EMAIL: "admin@bundle.test", ADMIN_PASSWORD: "Bundle-import-pw-93!" } });
  try {
    const other = await signedIn("admin@bundle.test", "Bundle-import-pw-93!", fresh.baseURL);
    const secrets = { connections: { [conn.name]: { password: BASIC_PASSWORD }, [dbName]: { password: "pg-Planted-55" } } };

    const dry = await other.post("/api/import", { data: { bundle: text, secrets, dryRun: true } });
    expect(dry.status(), await dry.text()).toBe(200);
    const plan = await dry.json();
    expect(plan).toMatchObject({ dryRun: true, valid: true, errors: [] });
    expect(plan.objects.map((o: { name: string; action: string }) => `${o.action} ${o.name}`).sort()).toEqual([`create ${conn.name}`, `create ${dbName}`, `create ${feed.name}`].sort());
    expect((await (await other.get("/api/connections")).json()).connections).toEqual([]);

    const imported = await other.post("/api/import", { data: { bundle: text, secrets } });
    expect(imported.status(), await imported.text()).toBe(200);
    const result = await imported.json();
    expect(JSON.stringify(result)).not.toContain(BASIC_PASSWORD);
    const feedEntry = result.objects.find((o: { name: string }) => o.name === feed.name);
    expect(feedEntry.activation, JSON.stringify(feedEntry)).toMatchObject({ status: "active" });

    const feeds = (await (await other.get("/api/feeds")).json()).feeds;
    expect(feeds).toEqual([expect.objectContaining({ name: feed.name, status: "active", connectionName: conn.name, tags: ["as-code"] })]);
    const run = await loadRun(other, feeds[0].id);
    expect(run, run.error ?? "").toMatchObject({ status: "succeeded", records: 25 });
    const dbs = (await (await other.get("/api/databases")).json()).databases;
    expect(dbs).toEqual([expect.objectContaining({ name: dbName, dialect: "postgresql" })]);
    expect(dbs[0].tables.total).toBe(2);

    // Imported again unchanged: every object is left alone, with no audit event.
    const before = await auditTotal(other);
    const again = await (await other.post("/api/import", { data: { bundle: text, secrets } })).json();
    expect(again.objects.map((o: { action: string }) => o.action)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(await auditTotal(other)).toBe(before);
    expect(fs.readFileSync(fresh.logFile, "utf8")).not.toContain(BASIC_PASSWORD);
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
