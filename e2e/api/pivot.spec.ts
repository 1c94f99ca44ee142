import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { asAdmin, bare, createToken, signedIn } from "../support/api";
import { suffix } from "../support/databases";
import { startServer } from "../support/server";

// Imply Pivot's connections API with the seed's curl requests (seed 001).

const seedConnection = (name: string) => ({
  name,
  type: "druid",
  queryHosts: ["example.com"],
  title: "string",
  version: "string",
  timeout: 0,
  sqlTimeout: 0,
  protocol: "plain",
  ca: "string",
  cert: "string",
  key: "Planted-key",
  passphrase: "Planted-passphrase",
  decorator: "string",
  decoratorOptions: "string",
  sockPassword: "Planted-sock",
  sockHost: "string",
  sockUsername: "string",
});

test("GET, POST (create and update by name) and DELETE, with secrets masked and 404 'Not found.'", async () => {
  const token = (await createToken(await asAdmin(), { role: "editor" })).token;
  const pivot = await bare();
  const h = { "x-imply-api-token": token };
  const name = `druid_${suffix()}`;
  const created = await pivot.post("/api/v1/connections", { headers: { ...h, "Content-Type": "application/json" }, data: { connection: seedConnection(name) } });
  expect(created.status(), await created.text()).toBe(200);
  const body = await created.json();
  expect(Object.keys(body)).toEqual(["connection"]);
  expect(body.connection).toEqual({ ...seedConnection(name), key: "••••••••", passphrase: "••••••••", sockPassword: "••••••••" });

  const list = await (await pivot.get("/api/v1/connections", { headers: h })).json();
  expect(Array.isArray(list)).toBe(true);
  const listed = list.find((c: { name: string }) => c.name === name);
  expect(Object.keys(listed).sort()).toEqual(Object.keys(seedConnection(name)).sort());
  expect(JSON.stringify(list)).not.toContain("Planted");

  // Update by name; the mask keeps the stored secret while the hosts stay the same.
  const updated = await pivot.post("/api/v1/connections", { headers: h, data: { connection: { ...listed, title: "Renamed" } } });
  expect((await updated.json()).connection).toMatchObject({ title: "Renamed", queryHosts: ["example.com"], key: "••••••••" });
  // New hosts with the masks: the secrets must be entered again (they would follow the new host).
  const moved = await pivot.post("/api/v1/connections", { headers: h, data: { connection: { ...listed, title: "Renamed", queryHosts: ["broker-1:8082", "broker-2:8082"] } } });
  expect(moved.status()).toBe(400);
  expect(await moved.text()).not.toContain("Planted");
  const rehosted = await pivot.post("/api/v1/connections", {
    headers: h,
    data: { connection: { ...listed, title: "Renamed", queryHosts: ["broker-1:8082", "broker-2:8082"], key: "Planted-key-2", passphrase: "Planted-passphrase-2", sockPassword: "Planted-sock-2" } },
  });
  expect((await rehosted.json()).connection).toMatchObject({ queryHosts: ["broker-1:8082", "broker-2:8082"], key: "••••••••" });
  expect((await (await pivot.get(`/api/v1/connections/${name}`, { headers: h })).json()).title).toBe("Renamed");

  // Visible in the console's list too.
  const native = await (await (await asAdmin()).get(`/api/connections?kind=druid&q=${encodeURIComponent(name)}`)).json();
  expect(native.connections.map((c: { name: string }) => c.name)).toContain(name);

  expect((await pivot.delete(`/api/v1/connections/${name}`, { headers: h })).status()).toBe(200);
  for (const res of [await pivot.get(`/api/v1/connections/${name}`, { headers: h }), await pivot.delete(`/api/v1/connections/${name}`, { headers: h })]) {
    expect(res.status()).toBe(404);
    expect(await res.json()).toEqual({ error: "Not found." });
  }
  expect((await pivot.get("/api/v1/connections")).status()).toBe(401);
  const invalid = await pivot.post("/api/v1/connections", { headers: h, data: { connection: { name: "x", type: "druid", queryHosts: [] } } });
  expect(invalid.status()).toBe(400);
  expect((await invalid.json()).error).toContain("query host");
  // Each problem is said once (the message used to repeat every field's error after itself).
  const badProtocol = await pivot.post("/api/v1/connections", { headers: h, data: { connection: { ...seedConnection(`p_${suffix()}`), protocol: "carrier-pigeon" } } });
  expect(badProtocol.status()).toBe(400);
  const { error } = await badProtocol.json();
  expect(error).toContain("connection.protocol");
  expect(error.split("connection.protocol").length - 1).toBe(1);
  expect(error.split("Invalid option").length - 1).toBe(1);
});

test("testing a Druid connection calls its query hosts' /status", async () => {
  const status = http.createServer((req, res) => {
    res.writeHead(req.url === "/status" ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify({ version: "29.0.1", modules: [] }));
  });
  await new Promise<void>((r) => status.listen(0, "127.0.0.1", r));
  try {
    const admin = await asAdmin();
    const token = (await createToken(admin, { role: "editor" })).token;
    const name = `druid_status_${suffix()}`;
    await (await bare()).post("/api/v1/connections", { headers: { "x-imply-api-token": token }, data: { connection: { name, type: "druid", queryHosts: [`127.0.0.1:${(status.address() as AddressInfo).port}`] } } });
    const id = (await (await admin.get(`/api/connections?kind=druid&q=${encodeURIComponent(name)}`)).json()).connections.find((c: { name: string }) => c.name === name).id;
    const ok = await (await admin.post(`/api/connections/${id}/test`, { data: {} })).json();
    expect(ok).toMatchObject({ ok: true, status: 200 });
    expect(ok.message).toContain("29.0.1");
  } finally {
    status.close();
  }
});

test("fixedConnections: CONNECTIONS_FILE is loaded at start (with ${VAR} values); POST and DELETE are refused", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-fixed-"));
  const file = path.join(dir, "connections.yaml");
  fs.writeFileSync(file, `connections:\n  - name: prod_druid\n    type: druid\n    title: Production\n    queryHosts:\n      - \${DRUID_HOST}\n    key: \${DRUID_KEY}\n`);
  const server = await startServer({
    label: "fixed",
    env: { CONNECTIONS_FILE: file, DRUID_HOST: "druid.internal:8082", DRUID_KEY: "Planted-fixed-key", ADMIN_EMAIL: "admin@fixed.test", ADMIN_PASSWORD: "fixed-admin-password" },
  });
  try {
    const admin = await signedIn("admin@fixed.test", "fixed-admin-password", server.baseURL);
    const token = (await createToken(admin, { role: "admin" })).token;
    const pivot = await bare(server.baseURL);
    const h = { "x-imply-api-token": token };
    const list = await (await pivot.get("/api/v1/connections", { headers: h })).json();
    expect(list).toEqual([expect.objectContaining({ name: "prod_druid", title: "Production", queryHosts: ["druid.internal:8082"], key: "••••••••", fixed: true })]);
    const post = await pivot.post("/api/v1/connections", { headers: h, data: { connection: seedConnection("another") } });
    expect(post.status()).toBe(409);
    expect((await post.json()).error).toContain("fixed");
    expect((await pivot.delete("/api/v1/connections/prod_druid", { headers: h })).status()).toBe(409);
    const id = (await (await admin.get("/api/connections?kind=druid")).json()).connections[0].id;
    expect((await admin.delete(`/api/connections/${id}`, { data: {} })).status()).toBe(409);
    expect(fs.readFileSync(path.join(server.dataDir, "console.db")).toString("latin1")).not.toContain("Planted-fixed-key");
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
