import { expect, test, type Locator, type Page, type TestInfo } from "@playwright/test";
import { admin, asAdmin, createUser } from "../support/api";
import { createConnection, feedName } from "../support/feeds";
import { freePort } from "../support/server";
import { CUSTOM_API_KEY, startTestApi, type TestApi } from "../support/test-api";
import { settleAnimations, shot, signInUI } from "../support/ui";

const MASK = "••••••••";
const CLIENT_SECRET = "client-secret-Planted-55";

let api: TestApi;
test.beforeAll(async () => {
  api = await startTestApi();
});
test.afterAll(async () => api.close());

/** The same screen in dark mode, once the colour transitions have finished. */
async function darkShot(page: Page, testInfo: TestInfo, name: string) {
  await page.emulateMedia({ colorScheme: "dark" });
  await settleAnimations(page);
  await shot(page, testInfo, name);
  await page.emulateMedia({ colorScheme: "light" });
}

const rowOf = (page: Page, name: string) => page.getByRole("row").filter({ hasText: name });
/** The list pages (50 a page, by name): search for a connection made here before reading its row. */
const searchFor = (page: Page, name: string) => page.getByPlaceholder("Search by name").fill(name);

async function openNewDialog(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "New connection" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New connection" });
  await expect(dialog).toBeVisible();
  return dialog;
}

test("editors create No Auth, Basic Auth and Custom Auth connections, testing Custom Auth before saving", async ({ page }, testInfo) => {
  await signInUI(page, admin().email, admin().password);
  await page.goto("/connections");
  await expect(page.getByRole("heading", { name: "Connections", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Connections" })).toHaveAttribute("aria-current", "page");

  // No Auth: a name is all it needs.
  const noneName = feedName("ui_none");
  let dialog = await openNewDialog(page);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("Enter a connection name")).toBeVisible();
  await dialog.getByLabel("Connection Name").fill(noneName);
  await expect(dialog.getByRole("radio", { name: "No Auth" })).toBeChecked();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Connection ${noneName} created`)).toBeVisible();
  await searchFor(page, noneName);
  await expect(rowOf(page, noneName)).toContainText("REST");
  await expect(rowOf(page, noneName)).toContainText("No Auth");
  await expect(rowOf(page, noneName)).toContainText("No feeds");

  // Basic Auth: username and a masked password that can be revealed while creating.
  const basicName = feedName("ui_basic");
  dialog = await openNewDialog(page);
  await dialog.getByLabel("Connection Name").fill(basicName);
  await dialog.getByRole("radio", { name: "Basic Auth" }).check();
  await dialog.getByLabel("Username").fill("feed_reader");
  const password = dialog.getByLabel("Password", { exact: true });
  await password.fill("basic-pw-Planted-71");
  await expect(password).toHaveAttribute("type", "password");
  await dialog.getByRole("button", { name: "Show password" }).click();
  await expect(password).toHaveAttribute("type", "text");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await searchFor(page, basicName);
  await expect(rowOf(page, basicName)).toContainText("Basic Auth");

  // Custom Auth: URL, headers with a secret, a JSON body with a secret key.
  const customName = feedName("ui_custom");
  dialog = await openNewDialog(page);
  await dialog.getByLabel("Connection Name").fill(customName);
  await dialog.getByRole("radio", { name: "Custom Auth" }).check();
  await dialog.getByLabel("Authorization URL").fill(`${api.url}/auth`);
  await expect(dialog.getByLabel("Method")).toHaveValue("POST");
  await dialog.getByRole("button", { name: "Add header" }).click();
  await dialog.getByLabel("Header name 1").fill("X-Api-Key");
  await dialog.getByLabel("Header value 1").fill(CUSTOM_API_KEY);
  await dialog.getByLabel("Secret 1").check();
  await expect(dialog.getByLabel("Header value 1")).toHaveAttribute("type", "password");
  await dialog.getByRole("button", { name: "Add header" }).click();
  await dialog.getByLabel("Header name 2").fill("Accept");
  await dialog.getByLabel("Header value 2").fill("application/json");
  const body = dialog.getByLabel("JSON body");
  await body.fill('{"client_id": "switchyard", "client_secret": ');
  await expect(dialog.getByText(/Invalid JSON/)).toBeVisible();
  await expect(body).toHaveAttribute("aria-invalid", "true");
  await body.fill(JSON.stringify({ client_id: "switchyard", client_secret: CLIENT_SECRET }, null, 2));
  await expect(dialog.getByText(/Invalid JSON/)).toHaveCount(0);
  await dialog.getByRole("checkbox", { name: "Secret client_secret" }).check();

  await dialog.getByRole("button", { name: "Test" }).click();
  const result = dialog.getByTestId("connection-test-result");
  await expect(result).toContainText("Success");
  await expect(result).toContainText("HTTP 200");
  await expect(result).toContainText(/\d+ ms/);
  await expect(result.getByLabel("Response excerpt")).toContainText("access_token");
  await expect(result).not.toContainText("Planted");
  await shot(page, testInfo, "connection-custom-test-ok");
  await darkShot(page, testInfo, "connection-custom-test-ok-dark");

  // A closed port is a typed failure, in words.
  const closed = await freePort();
  await dialog.getByLabel("Authorization URL").fill(`http://127.0.0.1:${closed}/auth`);
  await dialog.getByRole("button", { name: "Test" }).click();
  await expect(result).toContainText("Connection refused");
  await expect(result).toHaveAttribute("data-ok", "false");
  await shot(page, testInfo, "connection-custom-test-refused");

  await dialog.getByLabel("Authorization URL").fill(`${api.url}/auth`);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await searchFor(page, customName);
  await expect(rowOf(page, customName)).toContainText("Custom Auth");

  // The saved connection works from the list too, and records its last test.
  await rowOf(page, customName).getByRole("button", { name: `Test ${customName}` }).click();
  await expect(page.getByText(`${customName}: authorization succeeded`)).toBeVisible();
  await expect(rowOf(page, customName)).toContainText("OK");
  await shot(page, testInfo, "connections-list");
});

test("editing shows name and auth type read-only and secrets masked; the mask keeps the stored secret", async ({ page }, testInfo) => {
  const ctx = await asAdmin();
  const custom = await createConnection(ctx, {
    authType: "custom",
    authUrl: `${api.url}/auth`,
    method: "POST",
    headers: [{ key: "X-Api-Key", value: CUSTOM_API_KEY, secret: true }],
    body: JSON.stringify({ client_id: "switchyard", client_secret: CLIENT_SECRET }),
    secretBodyKeys: ["client_secret"],
  });
  const basic = await createConnection(ctx, { authType: "basic", username: "u1", password: "basic-Planted-secret" });

  await signInUI(page, admin().email, admin().password);
  await page.goto(`/connections?q=${custom.name}`);
  await rowOf(page, custom.name).getByRole("button", { name: `Edit ${custom.name}` }).click();
  const dialog = page.getByRole("dialog", { name: "Edit connection" });
  await expect(dialog.getByLabel("Connection Name")).toHaveValue(custom.name);
  await expect(dialog.getByLabel("Connection Name")).toBeDisabled();
  await expect(dialog.getByRole("radio", { name: "Custom Auth" })).toBeChecked();
  await expect(dialog.getByRole("radio", { name: "Custom Auth" })).toBeDisabled();
  await expect(dialog.getByText("Cannot be changed after creation")).toHaveCount(2);
  await expect(dialog.getByLabel("Header value 1")).toHaveValue(MASK);
  await expect(dialog.getByLabel("JSON body")).toHaveValue(new RegExp(`"client_secret": "${MASK}"`));
  await expect(dialog.getByRole("checkbox", { name: "Secret client_secret" })).toBeChecked();
  await expect(dialog.getByRole("button", { name: /^Show/ })).toHaveCount(0);
  await expect(dialog).not.toContainText("Planted");

  // Test before save with the masks: the server resolves them from the saved connection.
  await dialog.getByRole("button", { name: "Test" }).click();
  await expect(dialog.getByTestId("connection-test-result")).toContainText("HTTP 200");
  await shot(page, testInfo, "connection-edit");
  await dialog.getByRole("button", { name: "Add header" }).click();
  await dialog.getByLabel("Header name 2").fill("Accept");
  await dialog.getByLabel("Header value 2").fill("application/json");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Connection ${custom.name} saved`)).toBeVisible();

  const saved = await (await ctx.get(`/api/connections/${custom.id}`)).json();
  expect(saved.headers).toEqual([
    { key: "X-Api-Key", value: MASK, secret: true },
    { key: "Accept", value: "application/json", secret: false },
  ]);
  const tested = await (await ctx.post(`/api/connections/${custom.id}/test`, { data: {} })).json();
  expect(tested).toMatchObject({ ok: true, status: 200 });

  // Basic Auth: the password shows as the mask with no reveal toggle.
  await page.goto(`/connections?q=${basic.name}`);
  await rowOf(page, basic.name).getByRole("button", { name: `Edit ${basic.name}` }).click();
  const basicDialog = page.getByRole("dialog", { name: "Edit connection" });
  await expect(basicDialog.getByRole("radio", { name: "Basic Auth" })).toBeChecked();
  await expect(basicDialog.getByLabel("Username")).toHaveValue("u1");
  await expect(basicDialog.getByLabel("Password", { exact: true })).toHaveValue(MASK);
  await expect(basicDialog.getByRole("button", { name: "Show password" })).toHaveCount(0);
  await basicDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(basicDialog).toBeHidden();
});

test("a connection a feed uses cannot be deleted; the dialog names the feed before any confirmation", async ({ page }, testInfo) => {
  const ctx = await asAdmin();
  const used = await createConnection(ctx, { authType: "none" });
  const spare = await createConnection(ctx, { authType: "none" });
  const feed = feedName("ui_feed");
  const res = await ctx.post("/api/feeds", { data: { name: feed, connectionId: used.id, status: "draft" } });
  expect(res.status(), await res.text()).toBe(201);

  await signInUI(page, admin().email, admin().password);
  // The list pages 50 at a time by name, and the suite's server holds more than 50 connections by
  // now: each row is found by searching for it.
  await page.goto(`/connections?kind=rest&q=${used.name}`);
  await expect(rowOf(page, used.name)).toContainText("1 feed");
  await rowOf(page, used.name).getByRole("button", { name: `Delete ${used.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${used.name}?` });
  // Named before anything is confirmed, with a link to the feed; there is nothing to confirm.
  await expect(dialog.getByRole("alert")).toContainText("A feed uses this connection");
  await expect(dialog.getByRole("link", { name: feed })).toHaveAttribute("href", /\/feeds\/\d+$/);
  await expect(dialog.getByRole("button", { name: "Delete connection" })).toHaveCount(0);
  await shot(page, testInfo, "connection-delete-refused");
  // The footer's Close (the title bar has one too).
  await dialog.getByRole("button", { name: "Close", exact: true }).last().click();
  await expect(dialog).toBeHidden();
  await expect(rowOf(page, used.name)).toBeVisible();

  await searchFor(page, spare.name);
  await rowOf(page, spare.name).getByRole("button", { name: `Delete ${spare.name}` }).click();
  await page.getByRole("dialog", { name: `Delete ${spare.name}?` }).getByRole("button", { name: "Delete connection" }).click();
  await expect(page.getByText(`Connection ${spare.name} deleted`)).toBeVisible();
  await expect(rowOf(page, spare.name)).toHaveCount(0);
  expect((await ctx.get(`/api/connections/${spare.id}`)).status()).toBe(404);
});

test("viewers see the list read-only; search and kind stay in the address", async ({ page }, testInfo) => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "basic", username: "reader", password: "pw-Planted-1" });
  const viewer = await createUser(ctx, "viewer");

  await signInUI(page, viewer.email, viewer.password);
  // The list pages 50 at a time by name, and the suite's server holds more than 50 connections by
  // now: this one need not be on the first page, so it is found by searching for it.
  await page.goto("/connections");
  await expect(page.getByTestId("connection-row").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "New connection" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Edit|Delete|Test) / })).toHaveCount(0);

  await page.getByLabel("Search connections").fill(conn.name);
  await expect(page).toHaveURL(new RegExp(`q=${conn.name}`));
  await expect(page.getByTestId("connection-row")).toHaveCount(1);
  await expect(rowOf(page, conn.name)).toContainText("Basic Auth");
  await expect(page.getByRole("button", { name: /^(Edit|Delete|Test) / })).toHaveCount(0);
  await shot(page, testInfo, "connections-viewer");
  await page.setViewportSize({ width: 1024, height: 720 });
  await darkShot(page, testInfo, "connections-viewer-dark-1024");

  await page.getByRole("group", { name: "Kind" }).getByRole("button", { name: "Druid" }).click();
  await expect(page).toHaveURL(/kind=druid/);
  await expect(page.getByText("No connections match")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Search connections")).toHaveValue(conn.name);
  await expect(page.getByRole("button", { name: "Druid" })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/connections$/);
  await expect(page.getByLabel("Search connections")).toHaveValue("");
  await expect(page.getByTestId("connection-row").first()).toBeVisible();
});
