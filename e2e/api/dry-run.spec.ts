import { expect, test, type APIRequestContext } from "@playwright/test";
import { asAdmin } from "../support/api";
import { sqliteFile } from "../support/databases";
import { createConnection, feedName } from "../support/feeds";

// ?dryRun=true: validated and tested by the real create/update path, answered, and rolled back.

// Scoped to this spec's prefix: other specs write to the same server at the same time.
const PREFIX = "dry";
const counts = async (ctx: APIRequestContext) => ({
  audit: (await (await ctx.get(`/api/audit?pageSize=1&target=${PREFIX}`)).json()).total as number,
  connections: (await (await ctx.get(`/api/connections?q=${PREFIX}`)).json()).connections.length as number,
  feeds: ((await (await ctx.get("/api/feeds")).json()).feeds as { name: string | null }[]).filter((f) => f.name?.startsWith(PREFIX)).length,
});

test("creating a REST connection, a database connection and a feed with dryRun writes nothing", async () => {
  const ctx = await asAdmin();
  const before = await counts(ctx);
  const name = feedName("dry");
  const rest = await ctx.post("/api/connections?dryRun=true", { data: { name, authType: "basic", username: "u", password: "Dry-run-Planted-8" } });
  expect(rest.status(), await rest.text()).toBe(200);
  const body = await rest.json();
  expect(body).toMatchObject({ dryRun: true, action: "create", result: { name, authType: "basic", username: "u" } });
  expect(body.result.password).not.toContain("Planted");
  expect(body.test).toMatchObject({ ok: true });

  const file = sqliteFile();
  const db = await ctx.post("/api/databases?dryRun=true", { data: { alias: feedName("drydb"), connection_uri: `sqlite:///${process.env.E2E_SQLITE_DIR}/${file}` } });
  expect(db.status(), await db.text()).toBe(200);
  expect(await db.json()).toMatchObject({ dryRun: true, action: "create", test: { ok: true }, result: { dialect: "sqlite", tables: { total: 2 } } });
  // A database that fails its test fails the dry run the same way.
  const broken = await ctx.post("/api/databases?dryRun=true", { data: { alias: feedName("drydb"), connection_uri: "postgresql://postgres@127.0.0.1:1/none" } });
  expect(broken.status()).toBe(422);

  const feed = await ctx.post("/api/feeds?dryRun=true", { data: { name: feedName("dryfeed"), trigger: { type: "webhook" }, status: "draft" } });
  expect(feed.status(), await feed.text()).toBe(200);
  const f = await feed.json();
  expect(f).toMatchObject({ dryRun: true, action: "create", result: { status: "draft" } });
  expect(f.result.webhookSecret).toBeUndefined();
  // Validation is the real one: an active feed without a script is refused, naming the field.
  const incomplete = await ctx.post("/api/feeds?dryRun=true", { data: { name: feedName("dryfeed"), status: "active" } });
  expect(incomplete.status()).toBe(422);
  expect((await incomplete.json()).error.fields).toHaveProperty("script");
  expect(await counts(ctx)).toEqual(before);
  expect((await ctx.post("/api/connections?dryRun=maybe", { data: { name, authType: "none" } })).status()).toBe(400);
});

test("updating with dryRun answers the changes and leaves the object, its updatedAt and the audit log alone", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { name: feedName("dryconn"), authType: "basic", username: "first", password: "Stored-Planted-3" });
  const stored = await (await ctx.get(`/api/connections/${conn.id}`)).json();
  const before = await counts(ctx);
  const res = await ctx.patch(`/api/connections/${conn.id}?dryRun=true`, { data: { name: conn.name, authType: "basic", username: "second", password: stored.password } });
  expect(res.status(), await res.text()).toBe(200);
  expect(await res.json()).toMatchObject({ dryRun: true, action: "update", changes: ["username"], result: { username: "second" } });
  const same = await ctx.patch(`/api/connections/${conn.id}?dryRun=true`, { data: { name: conn.name, authType: "basic", username: "first", password: stored.password } });
  expect(await same.json()).toMatchObject({ action: "unchanged", changes: [] });
  expect(await (await ctx.get(`/api/connections/${conn.id}`)).json()).toEqual(stored);

  const created = await (await ctx.post("/api/feeds", { data: { name: feedName("dryupd"), status: "draft" } })).json();
  const feedBefore = await (await ctx.get(`/api/feeds/${created.id}`)).json();
  const before2 = await counts(ctx);
  const upd = await (await ctx.patch(`/api/feeds/${created.id}?dryRun=true`, { data: { tags: ["x"], script: "print(1)" } })).json();
  expect(upd).toMatchObject({ action: "update", changes: ["script", "tags"] });
  expect(await (await ctx.get(`/api/feeds/${created.id}`)).json()).toEqual(feedBefore);
  expect(await counts(ctx)).toEqual(before2);
  expect(before2.audit).toBe(before.audit + 1);
});
