import crypto from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { admin, asAdmin, createUser } from "../support/api";
import { createConnection, createFeed } from "../support/feeds";
import { freePort } from "../support/server";
import { settleAnimations, shot, signInUI } from "../support/ui";

// The suite shares one server: whatever a test does to the warehouse, it leaves embedded SQLite behind.
let adminCtx: APIRequestContext;
test.beforeAll(async () => {
  adminCtx = await asAdmin();
});
test.afterEach(async () => {
  const res = await adminCtx.put("/api/settings/warehouse", { data: { type: "sqlite", pauseAffected: true } });
  expect(res.status(), await res.text()).toBe(200);
});

const SCRIPT = "from lib import outputStream\noutputStream.write({'id': 1})\n";
type FeedOut = { id: number; name: string; status: string; pausedReason: string | null };
const feedOf = async (id: number) => (await (await adminCtx.get(`/api/feeds/${id}`)).json()) as FeedOut;
/** An active feed of its own: other specs' feeds may be on this server too, so tests look for theirs in lists. */
async function activeFeed(destinations: string[]) {
  const conn = await createConnection(adminCtx, { authType: "none" });
  return createFeed(adminCtx, { connectionId: conn.id, script: SCRIPT, destinations });
}
const pgWarehouse = () => ({ type: "postgres", host: "127.0.0.1", port: 5432, database: "test", user: "postgres", schema: `sy_e2e_${crypto.randomBytes(4).toString("hex")}` });

test("the API refuses a switch that would break feeds (409 naming them) unless pauseAffected, which pauses them with a reason that resuming clears", async () => {
  const onSqlite = await activeFeed(["sqlite"]);
  const onFiles = await activeFeed(["files"]); // PostgreSQL offers files too
  const pg = pgWarehouse();

  const preview = await (await adminCtx.get("/api/settings/warehouse/affected-feeds?type=postgres")).json();
  expect(preview.offered).toEqual(["postgres", "files"]);
  expect(preview.feeds).toContainEqual({ id: onSqlite.id, name: onSqlite.name, status: "active", destinations: ["sqlite"], notOffered: ["sqlite"] });
  expect(preview.feeds.map((f: { id: number }) => f.id)).not.toContain(onFiles.id);
  const badType = await adminCtx.get("/api/settings/warehouse/affected-feeds?type=oracle");
  expect(badType.status()).toBe(422);
  expect((await badType.json()).error.fields).toHaveProperty("type");

  const refused = await adminCtx.put("/api/settings/warehouse", { data: pg });
  expect(refused.status()).toBe(409);
  const error = (await refused.json()).error;
  expect(error.code).toBe("conflict");
  expect(error.message).toContain(`${onSqlite.name} (#${onSqlite.id})`);
  expect(error.fields.pauseAffected).toContain(onSqlite.name);
  expect((await (await adminCtx.get("/api/settings/warehouse")).json()).warehouse.type).toBe("sqlite");
  expect(await feedOf(onSqlite.id)).toMatchObject({ status: "active", pausedReason: null });

  const notBoolean = await adminCtx.put("/api/settings/warehouse", { data: { ...pg, pauseAffected: "yes" } });
  expect(notBoolean.status()).toBe(422);
  expect((await notBoolean.json()).error.fields).toHaveProperty("pauseAffected");

  const switched = await adminCtx.put("/api/settings/warehouse", { data: { ...pg, pauseAffected: true } });
  expect(switched.status(), await switched.text()).toBe(200);
  const paused = await feedOf(onSqlite.id);
  expect(paused.status).toBe("paused");
  expect(paused.pausedReason).toMatch(/switched to PostgreSQL, which does not offer SQLite warehouse/);
  expect(await feedOf(onFiles.id)).toMatchObject({ status: "active", pausedReason: null });

  // It cannot be resumed into a destination the warehouse does not offer...
  const early = await adminCtx.patch(`/api/feeds/${onSqlite.id}`, { data: { status: "active" } });
  expect(early.status()).toBe(422);
  expect((await early.json()).error.fields.destinations).toMatch(/sqlite/);
  // ...and once it is offered again, resuming clears the reason.
  expect((await adminCtx.put("/api/settings/warehouse", { data: { type: "sqlite" } })).status()).toBe(200);
  const resumed = await adminCtx.patch(`/api/feeds/${onSqlite.id}`, { data: { status: "active" } });
  expect(resumed.status(), await resumed.text()).toBe(200);
  expect(await feedOf(onSqlite.id)).toMatchObject({ status: "active", pausedReason: null });
});

test("admins switch the warehouse to PostgreSQL, confirm pausing the feeds it breaks, see what feeds are offered, and switch back to SQLite", async ({ page }, testInfo) => {
  const feed = await activeFeed(["sqlite"]);
  await signInUI(page, admin().email, admin().password);
  await page.goto("/settings/warehouse");
  await expect(page.getByRole("link", { name: "Warehouse" })).toHaveAttribute("aria-current", "page");
  const offered = page.getByTestId("offered-destinations");
  await expect(offered).toContainText("SQLite warehouse");
  await expect(offered).toContainText("Local files");
  await expect(page.getByRole("radio", { name: "Embedded SQLite" })).toBeChecked();

  await page.getByRole("radio", { name: "PostgreSQL" }).check();
  await expect(page.getByLabel("Port")).toHaveValue("5432");
  const schema = `sy_ui_${crypto.randomBytes(4).toString("hex")}`;
  await page.getByLabel("Host").fill("127.0.0.1");
  await page.getByLabel("Database").fill("test");
  await page.getByLabel("User").fill("postgres");
  await page.getByLabel("Schema").fill(schema);

  // Before anything is saved, the feeds the switch would break are listed.
  const dialog = page.getByRole("dialog", { name: /Pause \d+ feeds? and switch\?/ });
  const listed = dialog.getByRole("list", { name: "Feeds that will be paused" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(listed.getByRole("listitem").filter({ hasText: feed.name })).toContainText("active, loads into SQLite warehouse");
  await shot(page, testInfo, "warehouse-affected-feeds");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(offered).toContainText("SQLite warehouse");

  // Nothing listens here: the server cannot connect and says so on the field it blames; nothing is paused.
  await page.getByLabel("Port").fill(String(await freePort()));
  await page.getByRole("button", { name: "Save" }).click();
  await dialog.getByRole("button", { name: "Pause feeds and switch" }).click();
  await expect(page.getByLabel("Host")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/ECONNREFUSED|refused/i).first()).toBeVisible();
  await expect(offered).toContainText("SQLite warehouse");
  expect((await feedOf(feed.id)).status).toBe("active");
  await shot(page, testInfo, "warehouse-cannot-connect");

  await page.getByLabel("Port").fill("5432");
  await page.getByRole("button", { name: "Save" }).click();
  await dialog.getByRole("button", { name: "Pause feeds and switch" }).click();
  await expect(page.getByText("Warehouse saved: PostgreSQL")).toBeVisible();
  await expect(offered).toContainText("PostgreSQL");
  await expect(offered).toContainText("Object storage (files)");
  await expect(offered).not.toContainText("SQLite");
  await expect(page.getByLabel("Host")).not.toHaveAttribute("aria-invalid", "true");
  await shot(page, testInfo, "warehouse-postgres");

  const view = await (await adminCtx.get("/api/settings/warehouse")).json();
  expect(view.warehouse).toMatchObject({ type: "postgres", host: "127.0.0.1", port: 5432, database: "test", user: "postgres", schema });
  expect(view.destinations.map((d: { type: string }) => d.type)).toEqual(["postgres", "files"]);

  // The feed is paused, and its page and the feed list say why.
  expect((await feedOf(feed.id)).status).toBe("paused");
  await page.goto(`/feeds/${feed.id}`);
  await expect(page.getByTestId("paused-reason")).toContainText("Paused when the warehouse was switched to PostgreSQL, which does not offer SQLite warehouse");
  await page.goto("/feeds?status=paused");
  await expect(page.getByRole("row").filter({ hasText: feed.name })).toContainText("switched to PostgreSQL");

  // Back to the embedded default, through the page.
  await page.goto("/settings/warehouse");
  await page.getByRole("radio", { name: "Embedded SQLite" }).check();
  await expect(page.getByLabel("Host")).toHaveCount(0);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Warehouse saved: Embedded SQLite")).toBeVisible();
  await expect(offered).toContainText("SQLite warehouse");
  await expect(offered).toContainText("Local files");
  expect((await (await adminCtx.get("/api/settings/warehouse")).json()).warehouse.type).toBe("sqlite");
});

test("Snowflake offers Snowflake only", async ({ page }, testInfo) => {
  const feed = await activeFeed(["files"]);
  await signInUI(page, admin().email, admin().password);
  await page.goto("/settings/warehouse");
  await page.getByRole("radio", { name: "Snowflake" }).check();
  await page.getByLabel("Account").fill("myorg-e2e");
  await page.getByLabel("User").fill("LOADER");
  await page.getByLabel("Password", { exact: true }).fill("snow-Planted-pw");
  await page.getByLabel("Virtual warehouse").fill("COMPUTE_WH");
  await page.getByLabel("Database").fill("ANALYTICS");
  await expect(page.getByLabel("Schema")).toHaveValue("PUBLIC");
  await page.getByRole("button", { name: "Save" }).click();
  // Snowflake offers no files destination: the feed on files is listed and paused.
  const dialog = page.getByRole("dialog", { name: /Pause \d+ feeds? and switch\?/ });
  await expect(dialog.getByRole("listitem").filter({ hasText: feed.name })).toContainText("loads into Files (NDJSON)");
  await dialog.getByRole("button", { name: "Pause feeds and switch" }).click();
  await expect(page.getByText("Warehouse saved: Snowflake")).toBeVisible();
  expect(await feedOf(feed.id)).toMatchObject({ status: "paused", pausedReason: expect.stringContaining("does not offer Files (NDJSON)") });
  const offered = page.getByTestId("offered-destinations");
  await expect(offered.getByRole("listitem")).toHaveCount(1);
  await expect(offered).toContainText("Snowflake");
  await expect(offered).toContainText("Feeds load here only");
  // The saved password comes back masked.
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("••••••••");
  await shot(page, testInfo, "warehouse-snowflake");
  await page.setViewportSize({ width: 1024, height: 720 });
  await page.emulateMedia({ colorScheme: "dark" });
  await settleAnimations(page);
  await shot(page, testInfo, "warehouse-snowflake-dark-1024");
});

test("only admins see and open the Warehouse settings", async ({ page }) => {
  const editor = await createUser(adminCtx, "editor");
  await signInUI(page, editor.email, editor.password);
  await page.goto("/settings/account");
  await expect(page.getByRole("link", { name: "Warehouse" })).toHaveCount(0);
  const res = await page.goto("/settings/warehouse");
  expect(res?.status()).toBe(403);
});
