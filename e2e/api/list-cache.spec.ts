import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { asAdmin, bare, createToken, unique } from "../support/api";
import { switchyard } from "../support/cli";
import { sqliteFile } from "../support/databases";

// The lists of a thousand rows answer from a cache kept until the store changes (lib/api/response-cache):
// the very next list after a write shows it, whether the write came through the API or from another
// process on the same data directory (the CLI). Each list is read before the write, so the answer
// the write must replace is the one kept.

type Named = { name: string };

test("Pivot's list, a read by name and the native list show a write through the API and one by the CLI on the next request", async () => {
  const token = (await createToken(await asAdmin(), { role: "editor" })).token;
  const api = await bare();
  const h = { "x-imply-api-token": token };
  const prefix = unique("cache").replace(/[^A-Za-z0-9_]/g, "_");
  const pivotNames = async () => ((await (await api.get("/api/v1/connections", { headers: h })).json()) as Named[]).map((c) => c.name).filter((n) => n.startsWith(prefix));
  const nativeNames = async () => ((await (await api.get(`/api/connections?kind=druid&q=${prefix}`, { headers: h })).json()).connections as Named[]).map((c) => c.name);

  expect(await pivotNames()).toEqual([]);
  expect(await nativeNames()).toEqual([]);
  const created = await api.post("/api/v1/connections", { headers: h, data: { connection: { name: `${prefix}_api`, type: "druid", queryHosts: ["broker.example.com:8082"] } } });
  expect(created.status(), await created.text()).toBe(200);
  expect(await pivotNames()).toEqual([`${prefix}_api`]);
  expect(await nativeNames()).toEqual([`${prefix}_api`]);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "list-cache-"));
  try {
    const bundle = path.join(dir, "bundle.json");
    fs.writeFileSync(bundle, JSON.stringify({ version: 1, connections: [{ name: `${prefix}_cli`, kind: "druid", type: "druid", queryHosts: ["broker-2.example.com:8082"] }] }));
    const imported = switchyard(["import", bundle], process.env.E2E_DATA_DIR!);
    expect(imported.status, imported.stderr).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect(await pivotNames()).toEqual([`${prefix}_api`, `${prefix}_cli`]);
  expect(await nativeNames()).toEqual([`${prefix}_api`, `${prefix}_cli`]);

  // A read by name is kept too: an update and a delete are in the next read.
  const byName = async () => { const r = await api.get(`/api/v1/connections/${prefix}_api`, { headers: h }); return r.status() === 200 ? (await r.json()).title : r.status(); };
  expect(await byName()).toBeUndefined();
  const retitled = await api.post("/api/v1/connections", { headers: h, data: { connection: { name: `${prefix}_api`, type: "druid", queryHosts: ["broker.example.com:8082"], title: "Renamed" } } });
  expect(retitled.status(), await retitled.text()).toBe(200);
  expect(await byName()).toBe("Renamed");
  const deleted = await api.delete(`/api/v1/connections/${prefix}_api`, { headers: h });
  expect(deleted.status()).toBe(200);
  expect(await byName()).toBe(404);
  expect(await pivotNames()).toEqual([`${prefix}_cli`]);
  expect(await nativeNames()).toEqual([`${prefix}_cli`]);
});

test("Dataherald's list shows a new connection at once, and its secrets under the new key after the CLI rotates them", async () => {
  const token = (await createToken(await asAdmin(), { role: "editor" })).token;
  const dh = await bare();
  const h = { accept: "application/json", "Content-Type": "application/json", "X-API-Key": token };
  const alias = unique("cache_dh").replace(/[^A-Za-z0-9_]/g, "_");
  const listed = async () => ((await (await dh.get("/api/v1/database-connections", { headers: h })).json()) as { alias: string; connection_uri: string }[]).find((c) => c.alias === alias);

  expect(await listed()).toBeUndefined();
  const res = await dh.post("/api/v1/database-connections", { headers: h, data: { alias, use_ssh: false, connection_uri: `sqlite:///${sqliteFile()}` } });
  expect(res.status(), await res.text()).toBe(201);
  const before = (await listed())!;
  expect(before.connection_uri).toMatch(/^sy1\.[^.]+\./);

  const rotated = switchyard(["secrets", "rotate"], process.env.E2E_DATA_DIR!);
  expect(rotated.status, rotated.stderr).toBe(0);
  const after = (await listed())!;
  // Sealed with the key in force now: the kept list was built under the retired one.
  expect(after.connection_uri.split(".")[1]).not.toBe(before.connection_uri.split(".")[1]);
});
