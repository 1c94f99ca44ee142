import crypto from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { admin, asAdmin, createUser } from "../support/api";
import { freePort } from "../support/server";
import { shot, signInUI } from "../support/ui";

// The suite shares one server: whatever a test does to the warehouse, it leaves embedded SQLite behind.
let adminCtx: APIRequestContext;
test.beforeAll(async () => {
  adminCtx = await asAdmin();
});
test.afterEach(async () => {
  const res = await adminCtx.put("/api/settings/warehouse", { data: { type: "sqlite" } });
  expect(res.status(), await res.text()).toBe(200);
});

test("admins switch the warehouse to PostgreSQL, see what feeds are offered, and switch back to SQLite", async ({ page }, testInfo) => {
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

  // Nothing listens here: the server cannot connect and says so on the field it blames.
  await page.getByLabel("Port").fill(String(await freePort()));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel("Host")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/ECONNREFUSED|refused/i).first()).toBeVisible();
  await expect(offered).toContainText("SQLite warehouse");
  await shot(page, testInfo, "warehouse-cannot-connect");

  await page.getByLabel("Port").fill("5432");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Warehouse saved: PostgreSQL")).toBeVisible();
  await expect(offered).toContainText("PostgreSQL");
  await expect(offered).toContainText("Object storage (files)");
  await expect(offered).not.toContainText("SQLite");
  await expect(page.getByLabel("Host")).not.toHaveAttribute("aria-invalid", "true");
  await shot(page, testInfo, "warehouse-postgres");

  const view = await (await adminCtx.get("/api/settings/warehouse")).json();
  expect(view.warehouse).toMatchObject({ type: "postgres", host: "127.0.0.1", port: 5432, database: "test", user: "postgres", schema });
  expect(view.destinations.map((d: { type: string }) => d.type)).toEqual(["postgres", "files"]);

  // Back to the embedded default, through the page.
  await page.getByRole("radio", { name: "Embedded SQLite" }).check();
  await expect(page.getByLabel("Host")).toHaveCount(0);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Warehouse saved: Embedded SQLite")).toBeVisible();
  await expect(offered).toContainText("SQLite warehouse");
  await expect(offered).toContainText("Local files");
  expect((await (await adminCtx.get("/api/settings/warehouse")).json()).warehouse.type).toBe("sqlite");
});

test("Snowflake offers Snowflake only", async ({ page }, testInfo) => {
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
  await expect(page.getByText("Warehouse saved: Snowflake")).toBeVisible();
  const offered = page.getByTestId("offered-destinations");
  await expect(offered.getByRole("listitem")).toHaveCount(1);
  await expect(offered).toContainText("Snowflake");
  await expect(offered).toContainText("Feeds load here only");
  // The saved password comes back masked.
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("••••••••");
  await shot(page, testInfo, "warehouse-snowflake");
  await page.setViewportSize({ width: 1024, height: 720 });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForTimeout(400); // let the colour transitions finish
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
