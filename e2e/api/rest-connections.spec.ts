import { expect, test } from "@playwright/test";
import { asAdmin, createUser, signedIn } from "../support/api";
import { createConnection, createFeed, feedName } from "../support/feeds";
import { freePort } from "../support/server";
import { CUSTOM_API_KEY, startTestApi, TEST_API_HOST, type TestApi } from "../support/test-api";

let api: TestApi;
test.beforeAll(async () => {
  api = await startTestApi();
});
test.afterAll(async () => api.close());

const customAuth = (url: string) => ({
  authType: "custom",
  authUrl: url,
  method: "POST",
  headers: [
    { key: "X-Api-Key", value: CUSTOM_API_KEY, secret: true },
    { key: "Accept", value: "application/json", secret: false },
  ],
  body: JSON.stringify({ client_id: "switchyard", client_secret: "client-secret-Planted-55" }),
  secretBodyKeys: ["client_secret"],
});

test("REST connections: the three auth types, masked secrets, immutable name and auth type", async () => {
  const ctx = await asAdmin();
  const none = await createConnection(ctx, { authType: "none" });
  const basic = await createConnection(ctx, { authType: "basic", username: "u1", password: "basic-Planted-secret" });
  const custom = await createConnection(ctx, customAuth(`${api.url}/auth`));

  const got = await (await ctx.get(`/api/connections/${custom.id}`)).json();
  expect(got.headers).toEqual([
    { key: "X-Api-Key", value: "••••••••", secret: true },
    { key: "Accept", value: "application/json", secret: false },
  ]);
  expect(JSON.parse(got.body)).toEqual({ client_id: "switchyard", client_secret: "••••••••" });
  const b = await (await ctx.get(`/api/connections/${basic.id}`)).json();
  expect(b).toMatchObject({ authType: "basic", username: "u1", password: "••••••••" });
  expect(JSON.stringify([got, b])).not.toMatch(/Planted/);

  // Writing the mask back keeps the stored values: the auth request still succeeds.
  const saved = await ctx.patch(`/api/connections/${custom.id}`, { data: { ...got, name: custom.name, headers: got.headers, body: got.body } });
  expect(saved.status(), await saved.text()).toBe(200);
  const tested = await (await ctx.post(`/api/connections/${custom.id}/test`, { data: {} })).json();
  expect(tested).toMatchObject({ ok: true, code: null, status: 200 });
  expect(tested.timeMs).toBeGreaterThanOrEqual(0);
  expect(tested.excerpt).toContain('"access_token":"••••"');
  expect(tested.excerpt).not.toContain("Planted");

  const renamed = await ctx.patch(`/api/connections/${none.id}`, { data: { name: `${none.name}_x`, authType: "none" } });
  expect(renamed.status()).toBe(422);
  expect((await renamed.json()).error.fields).toHaveProperty("name");
  const retyped = await ctx.patch(`/api/connections/${none.id}`, { data: { name: none.name, authType: "basic", username: "a", password: "b" } });
  expect(retyped.status()).toBe(422);
  expect((await retyped.json()).error.fields).toHaveProperty("authType");

  // A new host means the secrets must be typed again.
  const moved = await ctx.patch(`/api/connections/${custom.id}`, { data: { ...got, name: custom.name, authUrl: "http://localhost:9/auth" } });
  expect(moved.status()).toBe(422);
  expect(Object.keys((await moved.json()).error.fields)).toEqual(expect.arrayContaining(["headers.0.value", "body.client_secret"]));

  // The list pages (50 by default): each connection is looked up by its name.
  const find = async (name: string) => (await (await ctx.get(`/api/connections?kind=rest&q=${encodeURIComponent(name)}`)).json()).connections as { id: string }[];
  for (const c of [none, basic, custom]) expect((await find(c.name)).map((x) => x.id)).toContain(c.id);
  const list = { connections: await find(custom.name) };
  expect(list.connections.find((c: { id: string }) => c.id === custom.id)).toMatchObject({ detail: "custom", lastTest: { ok: true } });
});

test("connection input is validated field by field", async () => {
  const ctx = await asAdmin();
  const bad = await ctx.post("/api/connections", { data: { name: "has space", authType: "custom", authUrl: "ftp://x", body: "{oops", headers: [{ key: "A", value: "1" }, { key: "a", value: "2" }] } });
  expect(bad.status()).toBe(422);
  expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["authUrl", "body", "headers.1.key", "name"]);
  const noType = await ctx.post("/api/connections", { data: { name: "x1", authType: "oauth" } });
  expect((await noType.json()).error.fields).toHaveProperty("authType");
  const first = await createConnection(ctx, { authType: "none" });
  const dup = await ctx.post("/api/connections", { data: { name: first.name.toUpperCase(), authType: "none" } });
  expect(dup.status()).toBe(409);
});

test("test before save reports typed failures", async () => {
  const ctx = await asAdmin();
  const check = async (authUrl: string) => (await ctx.post("/api/connections/test", { data: { name: "probe", ...customAuth(authUrl) } })).json();
  expect(await check(`${api.url}/auth`)).toMatchObject({ ok: true, status: 200 });
  expect(await check(`http://127.0.0.1:${await freePort()}/auth`)).toMatchObject({ ok: false, code: "connection_refused" });
  expect(await check(`http://no-such-host.invalid/auth`)).toMatchObject({ ok: false, code: "dns_not_found" });
  expect(await check(`${api.url}/nope`)).toMatchObject({ ok: false, code: "http_4xx", status: 404 });
  expect(await check(`${api.url}/broken`)).toMatchObject({ ok: false, code: "http_5xx", status: 500 });
  expect(await check(`${api.url}/not-json`)).toMatchObject({ ok: false, code: "invalid_json", status: 200 });
  expect(await check(`https://${TEST_API_HOST}:${api.port}/auth`)).toMatchObject({ ok: false, code: "tls_error" });
  const wrongKey = await (await ctx.post("/api/connections/test", { data: { name: "probe", ...customAuth(`${api.url}/auth`), headers: [{ key: "X-Api-Key", value: "wrong", secret: true }] } })).json();
  expect(wrongKey).toMatchObject({ ok: false, code: "http_4xx", status: 403 });
});

test("a connection that feeds use cannot be deleted; the feeds are listed", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const name = feedName("user_of");
  await createFeed(ctx, { name, connectionId: conn.id, status: "draft" });
  const del = await ctx.delete(`/api/connections/${conn.id}`, { data: {} });
  expect(del.status()).toBe(409);
  expect((await del.json()).error.message).toContain(name);
  const lone = await createConnection(ctx, { authType: "none" });
  expect((await ctx.delete(`/api/connections/${lone.id}`, { data: {} })).status()).toBe(204);
  expect((await ctx.get(`/api/connections/${lone.id}`)).status()).toBe(404);
});

test("viewers read connections but cannot change them", async () => {
  const admin = await asAdmin();
  const viewer = await createUser(admin, "viewer");
  const ctx = await signedIn(viewer.email, viewer.password);
  expect((await ctx.get("/api/connections")).status()).toBe(200);
  expect((await ctx.post("/api/connections", { data: { name: "nope", authType: "none" } })).status()).toBe(403);
});
