import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import YAML from "yaml";
import { signedIn } from "../support/api";
import { startServer, tempDataDir } from "../support/server";

// PROVISIONING_DIR: a folder of bundles the server reads at start; what they declare is read-only.

test("the provisioning folder's connections and feeds are created at start and read-only in the API", async () => {
  test.setTimeout(120_000);
  const dir = tempDataDir("provisioning-dir");
  fs.writeFileSync(
    path.join(dir, "sources.yaml"),
    YAML.stringify({
      version: 1,
      connections: [
        { name: "prov_basic", kind: "rest", authType: "basic", username: "${PROV_USER}", secrets: ["password"] },
        { name: "prov_none", kind: "rest", authType: "none" },
      ],
      feeds: [{ name: "prov_feed", connection: "prov_basic", script: "print(1)", destinations: ["sqlite"], tags: ["provisioned"], status: "draft" }],
    }),
  );
  // Secrets in a file beside the bundle (or $__env{NAME} references written in the bundle).
  fs.writeFileSync(path.join(dir, "sources.secrets.yaml"), YAML.stringify({ connections: { prov_basic: { password: "Prov-secret-Planted-6" } } }));
  // A broken file is refused as a whole and logged; the other file still loads.
  fs.writeFileSync(path.join(dir, "broken.yaml"), YAML.stringify({ version: 1, connections: [{ name: "prov_broken", kind: "rest", authType: "basic", username: "x", secrets: ["password"] }] }));
  const server = await startServer({
    label: "provisioning-dir",
    env: { ADMIN_EMAIL: "admin@prov.test", ADMIN_PASSWORD: "Provisioning-pw-47!", PROVISIONING_DIR: dir, PROV_USER: "reader" },
  });
  try {
    const ctx = await signedIn("admin@prov.test", "Provisioning-pw-47!", server.baseURL);
    let list: { id: string; name: string }[] = [];
    await expect.poll(async () => (list = (await (await ctx.get("/api/connections")).json()).connections).map((c: { name: string }) => c.name).sort(), { timeout: 30_000 }).toEqual(["prov_basic", "prov_none"]);
    const basic = list.find((c) => c.name === "prov_basic")!;
    const got = await (await ctx.get(`/api/connections/${basic.id}`)).json();
    expect(got).toMatchObject({ username: "reader", provisionedFrom: "sources.yaml" });
    expect(JSON.stringify(got)).not.toContain("Planted");

    const patch = await ctx.patch(`/api/connections/${basic.id}`, { data: { name: "prov_basic", authType: "basic", username: "other", password: got.password } });
    expect(patch.status()).toBe(409);
    expect((await patch.json()).error.message).toContain("sources.yaml");
    const del = await ctx.delete(`/api/connections/${basic.id}`, { headers: { "content-type": "application/json" }, data: {} });
    expect(del.status()).toBe(409);
    // Dry runs and imports meet the same rule.
    expect((await ctx.patch(`/api/connections/${basic.id}?dryRun=true`, { data: { name: "prov_basic", authType: "basic", username: "other", password: got.password } })).status()).toBe(409);
    const imp = await ctx.post("/api/import", { data: { bundle: { version: 1, connections: [{ name: "prov_none", kind: "rest", authType: "basic", username: "x", secrets: [] }] } } });
    expect(imp.status()).toBe(422);

    const feed = (await (await ctx.get("/api/feeds")).json()).feeds.find((f: { name: string }) => f.name === "prov_feed");
    expect(feed).toMatchObject({ provisionedFrom: "sources.yaml", connectionName: "prov_basic", tags: ["provisioned"] });
    const feedPatch = await ctx.patch(`/api/feeds/${feed.id}`, { data: { tags: ["mine"] } });
    expect(feedPatch.status()).toBe(409);
    expect((await feedPatch.json()).error.message).toMatch(/Feed prov_feed is provisioned from sources\.yaml/);
    expect((await ctx.delete(`/api/feeds/${feed.id}`, { headers: { "content-type": "application/json" }, data: {} })).status()).toBe(409);

    expect(server.log()).toContain("broken.yaml");
    expect(server.log()).not.toContain("Prov-secret-Planted-6");

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
    const again = await startServer({ dataDir: server.dataDir, env: { PROVISIONING_DIR: dir, PROV_USER: "reader" } });
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
  }
});
