import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import YAML from "yaml";
import { signedIn } from "../support/api";
import { startServer, tempDataDir } from "../support/server";

// PROVISIONING_DIR: a folder of bundles the server reads at start; what they declare is read-only.

const MASK = "••••••••";
const readOnly = (what: string, name: string) => new RegExp(`${what} ${name} is provisioned from sources\\.yaml \\(PROVISIONING_DIR\\) and is read-only here`);

test("the provisioning folder's connections and feeds are created at start and read-only in the API", async () => {
  test.setTimeout(180_000);
  const dir = tempDataDir("provisioning-dir");
  // A SQLite database in the folder this server lets SQLite connections open.
  const sqliteDir = tempDataDir("provisioning-dir-sqlite");
  const lite = new Database(path.join(sqliteDir, "prov.db"));
  lite.exec("CREATE TABLE plants (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO plants (name) VALUES ('fern');");
  lite.close();
  fs.writeFileSync(
    path.join(dir, "sources.yaml"),
    YAML.stringify({
      version: 1,
      connections: [
        { name: "prov_basic", kind: "rest", authType: "basic", username: "${PROV_USER}", secrets: ["password"] },
        { name: "prov_none", kind: "rest", authType: "none" },
        { name: "prov_lite", kind: "database", uri: "sqlite:///prov.db" },
        { name: "prov_druid", kind: "druid", title: "Provisioned Druid", queryHosts: ["127.0.0.2:1"], secrets: ["passphrase"] },
      ],
      feeds: [{ name: "prov_feed", connection: "prov_basic", script: "print(1)", destinations: ["sqlite"], tags: ["provisioned"], status: "draft" }],
    }),
  );
  // Secrets in a file beside the bundle (or $__env{NAME} references written in the bundle).
  fs.writeFileSync(path.join(dir, "sources.secrets.yaml"), YAML.stringify({ connections: { prov_basic: { password: "Prov-secret-Planted-6" }, prov_druid: { passphrase: "$__env{PROV_DRUID_PASSPHRASE}" } } }));
  // A broken file is refused as a whole and logged; the other file still loads.
  fs.writeFileSync(path.join(dir, "broken.yaml"), YAML.stringify({ version: 1, connections: [{ name: "prov_broken", kind: "rest", authType: "basic", username: "x", secrets: ["password"] }] }));
  const server = await startServer({
    label: "provisioning-dir",
    env: { ADMIN_EMAIL: "admin@prov.test", ADMIN_PASSWORD: "Provisioning-pw-47!", PROVISIONING_DIR: dir, PROV_USER: "reader", SQLITE_ALLOWED_DIR: sqliteDir, PROV_DRUID_PASSPHRASE: "Prov-druid-Planted-7" },
  });
  try {
    const ctx = await signedIn("admin@prov.test", "Provisioning-pw-47!", server.baseURL);
    let list: { id: string; name: string }[] = [];
    await expect.poll(async () => (list = (await (await ctx.get("/api/connections")).json()).connections).map((c: { name: string }) => c.name).sort(), { timeout: 30_000 }).toEqual(["prov_basic", "prov_druid", "prov_lite", "prov_none"]);
    const basic = list.find((c) => c.name === "prov_basic")!;
    const got = await (await ctx.get(`/api/connections/${basic.id}`)).json();
    expect(got).toMatchObject({ username: "reader", provisionedFrom: "sources.yaml" });
    expect(JSON.stringify(got)).not.toContain("Planted");

    const refused = async (res: { status(): number; json(): Promise<{ error: { message: string } }> }, what: string, name: string) => {
      expect(res.status()).toBe(409);
      expect((await res.json()).error.message).toMatch(readOnly(what, name));
    };
    const noBody = { headers: { "content-type": "application/json" }, data: {} };
    await refused(await ctx.patch(`/api/connections/${basic.id}`, { data: { name: "prov_basic", authType: "basic", username: "other", password: got.password } }), "Connection", "prov_basic");
    await refused(await ctx.delete(`/api/connections/${basic.id}`, noBody), "Connection", "prov_basic");
    // Dry runs meet the same rule.
    await refused(await ctx.patch(`/api/connections/${basic.id}?dryRun=true`, { data: { name: "prov_basic", authType: "basic", username: "other", password: got.password } }), "Connection", "prov_basic");

    // The database connection: created from the file (tested, its tables listed), read-only on every route.
    const liteId = list.find((c) => c.name === "prov_lite")!.id;
    const liteRow = await (await ctx.get(`/api/databases/${liteId}`)).json();
    expect(liteRow).toMatchObject({ provisionedFrom: "sources.yaml" });
    const liteInput = { alias: "prov_lite", connection_uri: "sqlite:///prov.db", schemas: null };
    await refused(await ctx.put(`/api/databases/${liteId}`, { data: liteInput }), "Database connection", "prov_lite");
    await refused(await ctx.put(`/api/databases/${liteId}?dryRun=true`, { data: liteInput }), "Database connection", "prov_lite");
    await refused(await ctx.delete(`/api/databases/${liteId}`, noBody), "Database connection", "prov_lite");
    // The generic delete of any kind names it a connection.
    await refused(await ctx.delete(`/api/connections/${liteId}`, noBody), "Connection", "prov_lite");

    // The Druid connection, its passphrase from the secrets file beside the bundle: there a
    // reference, stored and shown as written.
    const druidId = list.find((c) => c.name === "prov_druid")!.id;
    const druid = await (await ctx.get(`/api/druid-connections/${druidId}`)).json();
    expect(druid).toMatchObject({ name: "prov_druid", title: "Provisioned Druid", queryHosts: ["127.0.0.2:1"], passphrase: "$__env{PROV_DRUID_PASSPHRASE}", provisionedFrom: "sources.yaml" });
    const druidInput = { name: "prov_druid", title: "Changed", queryHosts: ["127.0.0.2:1"], passphrase: MASK };
    await refused(await ctx.put(`/api/druid-connections/${druidId}`, { data: druidInput }), "Connection", "prov_druid");
    await refused(await ctx.put(`/api/druid-connections/${druidId}?dryRun=true`, { data: druidInput }), "Connection", "prov_druid");
    await refused(await ctx.delete(`/api/druid-connections/${druidId}`, noBody), "Connection", "prov_druid");
    await refused(await ctx.delete(`/api/connections/${druidId}`, noBody), "Connection", "prov_druid");
    // Nothing was changed by any of those.
    expect(await (await ctx.get(`/api/druid-connections/${druidId}`)).json()).toEqual(druid);
    expect((await (await ctx.get(`/api/databases/${liteId}`)).json()).updatedAt ?? null).toEqual(liteRow.updatedAt ?? null);

    // An import that would change provisioned objects of each kind is refused as a whole, each
    // object named with the file it belongs to; its dry run reports the same.
    const intrusive = {
      version: 1,
      connections: [
        { name: "prov_basic", kind: "rest", authType: "basic", username: "other", secrets: ["password"] },
        { name: "prov_lite", kind: "database", uri: "sqlite:///prov.db", schemas: ["main"] },
        { name: "prov_druid", kind: "druid", queryHosts: ["127.0.0.2:9"] },
      ],
    };
    const importSecrets = { connections: { prov_basic: { password: "Other-pw-123" } } };
    const imp = await ctx.post("/api/import", { data: { bundle: intrusive, secrets: importSecrets } });
    expect(imp.status()).toBe(422);
    const impBody = await imp.json();
    expect(impBody.error.message).toContain("Nothing was imported");
    expect(impBody.error.fields["connections.prov_basic.provisionedFrom"]).toMatch(readOnly("Connection", "prov_basic"));
    expect(impBody.error.fields["connections.prov_lite.provisionedFrom"]).toMatch(readOnly("Database connection", "prov_lite"));
    expect(impBody.error.fields["connections.prov_druid.provisionedFrom"]).toMatch(readOnly("Connection", "prov_druid"));
    const impDry = await (await ctx.post("/api/import?dryRun=true", { data: { bundle: intrusive, secrets: importSecrets } })).json();
    expect(impDry).toMatchObject({ dryRun: true, valid: false });
    expect(impDry.errors.map((e: { object: string; field: string }) => `${e.object}.${e.field}`).sort()).toEqual(["connections.prov_basic.provisionedFrom", "connections.prov_druid.provisionedFrom", "connections.prov_lite.provisionedFrom"]);
    expect((await (await ctx.get(`/api/connections/${basic.id}`)).json()).username).toBe("reader");

    const feed = (await (await ctx.get("/api/feeds")).json()).feeds.find((f: { name: string }) => f.name === "prov_feed");
    expect(feed).toMatchObject({ provisionedFrom: "sources.yaml", connectionName: "prov_basic", tags: ["provisioned"] });
    const feedPatch = await ctx.patch(`/api/feeds/${feed.id}`, { data: { tags: ["mine"] } });
    expect(feedPatch.status()).toBe(409);
    expect((await feedPatch.json()).error.message).toMatch(/Feed prov_feed is provisioned from sources\.yaml/);
    expect((await ctx.delete(`/api/feeds/${feed.id}`, { headers: { "content-type": "application/json" }, data: {} })).status()).toBe(409);

    expect(server.log()).toContain("broken.yaml");
    expect(server.log()).not.toContain("Prov-secret-Planted-6");
    expect(server.log()).not.toContain("Prov-druid-Planted-7");

    // SIGHUP re-reads the folder: a new file's connection appears without a restart.
    fs.writeFileSync(path.join(dir, "more.yaml"), YAML.stringify({ version: 1, connections: [{ name: "prov_more", kind: "rest", authType: "none" }] }));
    const listener = /pid=(\d+)/.exec(execFileSync("ss", ["-ltnpH", `sport = :${server.port}`], { encoding: "utf8" }))?.[1];
    expect(listener, "the server's listening process").toBeTruthy();
    process.kill(Number(listener), "SIGHUP");
    await expect.poll(async () => (await (await ctx.get("/api/connections?q=prov_more")).json()).connections.length, { timeout: 30_000 }).toBe(1);
    fs.rmSync(path.join(dir, "more.yaml"));

    // A restart with the feed gone from the file removes it; the connections stay, untouched.
    const before = (await (await ctx.get(`/api/connections/${basic.id}`)).json()).updatedAt;
    await server.stop();
    const doc = YAML.parse(fs.readFileSync(path.join(dir, "sources.yaml"), "utf8"));
    fs.writeFileSync(path.join(dir, "sources.yaml"), YAML.stringify({ ...doc, feeds: [] }));
    const again = await startServer({ dataDir: server.dataDir, env: { PROVISIONING_DIR: dir, PROV_USER: "reader", SQLITE_ALLOWED_DIR: sqliteDir } });
    try {
      const ctx2 = await signedIn("admin@prov.test", "Provisioning-pw-47!", again.baseURL);
      await expect.poll(async () => (await (await ctx2.get("/api/feeds")).json()).feeds.length, { timeout: 30_000 }).toBe(0);
      expect((await (await ctx2.get(`/api/connections/${basic.id}`)).json()).updatedAt).toBe(before);
    } finally {
      await again.stop();
    }
  } finally {
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(sqliteDir, { recursive: true, force: true });
  }
});
