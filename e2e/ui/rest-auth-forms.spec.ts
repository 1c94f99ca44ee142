import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { admin } from "../support/api";
import { feedName } from "../support/feeds";
import { TEST_API_HOST } from "../support/test-api";
import { signInUI } from "../support/ui";

// The console's forms for the token auth types: their fields, errors on the right field, the Test
// button against a server that checks the credentials, and masks kept when editing.

const MASK = "••••••••";
const TOKEN = "ui-bearer-Planted-5";
const KEY = "ui-key-Planted-6";
const SECRET = "ui-client-Planted-7";

let server: http.Server;
let url = "";
test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const u = new URL(req.url!, "http://x");
      const send = (status: number, v: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(v));
      };
      if (u.pathname === "/token") return new URLSearchParams(body).get("client_secret") === SECRET && new URLSearchParams(body).get("audience") === "ui-feeds" ? send(200, { access_token: "ui-access-Planted", expires_in: 60 }) : send(401, { error: "invalid_client" });
      if (u.pathname === "/login") return send(200, { data: { token: "ui-session-Planted" } });
      const ok = req.headers.authorization === `Bearer ${TOKEN}` || u.searchParams.get("key") === KEY || req.headers.authorization === "Bearer ui-access-Planted";
      send(ok ? 200 : 401, { ok });
    });
  });
  await new Promise<void>((r) => server.listen(0, TEST_API_HOST, r));
  url = `http://${TEST_API_HOST}:${(server.address() as { port: number }).port}`;
});
test.afterAll(async () => new Promise((r) => server.close(r)));

async function newDialog(page: Page, type: string) {
  await page.getByRole("button", { name: "New connection" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New connection" });
  await expect(dialog).toBeVisible();
  const name = feedName(`ui_${type.replace(/\W/g, "").toLowerCase()}`);
  await dialog.getByLabel("Connection Name").fill(name);
  await dialog.getByRole("radio", { name: type }).check();
  return { dialog, name };
}

const rowOf = (page: Page, name: string) => page.getByRole("row").filter({ hasText: name });

test("bearer, API key, OAuth 2.0 and session token through the console form", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInUI(page, admin().email, admin().password);
  await page.goto("/connections");

  // Bearer: a missing token is named on its field; Test calls the test URL.
  let { dialog, name } = await newDialog(page, "Bearer Token");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("Enter the token")).toBeVisible();
  await dialog.getByLabel("Token", { exact: true }).fill("wrong");
  await dialog.getByLabel("Test URL").fill(`${url}/check`);
  await dialog.getByRole("button", { name: "Test" }).click();
  const result = dialog.getByTestId("connection-test-result");
  await expect(result).toHaveAttribute("data-ok", "false");
  await dialog.getByLabel("Token", { exact: true }).fill(TOKEN);
  await dialog.getByRole("button", { name: "Test" }).click();
  await expect(result).toHaveAttribute("data-ok", "true");
  await expect(result).toContainText("HTTP 200");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const bearerName = name;

  // API key in the query.
  ({ dialog, name } = await newDialog(page, "API Key"));
  await dialog.getByLabel("Send in").selectOption("query");
  await dialog.getByLabel("Key name").fill("has space");
  await dialog.getByLabel("API key", { exact: true }).fill(KEY);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("Use letters, digits and - _ . only")).toBeVisible();
  await dialog.getByLabel("Key name").fill("key");
  await dialog.getByLabel("Test URL").fill(`${url}/check`);
  await dialog.getByRole("button", { name: "Test" }).click();
  await expect(dialog.getByTestId("connection-test-result")).toHaveAttribute("data-ok", "true");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();

  // OAuth 2.0 client credentials: the token URL is required; Test fetches a token and calls the test URL.
  ({ dialog, name } = await newDialog(page, "OAuth 2.0"));
  await dialog.getByLabel("Client ID").fill("ui");
  await dialog.getByLabel("Client secret", { exact: true }).fill(SECRET);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByText("Enter the token URL")).toBeVisible();
  await dialog.getByLabel("Token URL").fill(`${url}/token`);
  await dialog.getByLabel("Test URL").fill(`${url}/check`);
  // The token URL also wants an extra body field (audience), kept secret.
  await dialog.getByRole("button", { name: "Test" }).click();
  await expect(dialog.getByTestId("connection-test-result")).toHaveAttribute("data-ok", "false");
  await dialog.getByRole("button", { name: "Add field" }).click();
  await dialog.getByLabel("Field name 1").fill("audience");
  await dialog.getByLabel("Secret 1").check();
  await dialog.getByLabel("Field value 1").fill("ui-feeds");
  await dialog.getByRole("button", { name: "Test" }).click();
  await expect(dialog.getByTestId("connection-test-result")).toContainText("Access token received");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const oauthName = name;

  // Session token: the login request, the token's path, how it is sent.
  ({ dialog, name } = await newDialog(page, "Session Token"));
  await dialog.getByLabel("Authorization URL").fill(`${url}/login`);
  await dialog.getByLabel("Token path").fill("data.nothing");
  await dialog.getByRole("button", { name: "Test" }).click();
  await expect(dialog.getByTestId("connection-test-result")).toContainText("data.nothing");
  await dialog.getByLabel("Token path").fill("data.token");
  await dialog.getByRole("button", { name: "Test" }).click();
  await expect(dialog.getByTestId("connection-test-result")).toHaveAttribute("data-ok", "true");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();

  // Editing keeps the masks: saved as they are, Test still passes.
  for (const [saved, field] of [[bearerName, "Token"], [oauthName, "Client secret"]] as const) {
    await page.getByPlaceholder("Search by name").fill(saved);
    await rowOf(page, saved).getByRole("button", { name: `Edit ${saved}` }).click();
    const edit = page.getByRole("dialog", { name: "Edit connection" });
    await expect(edit.getByLabel(field, { exact: true })).toHaveValue(MASK);
    await edit.getByRole("button", { name: "Test" }).click();
    await expect(edit.getByTestId("connection-test-result")).toHaveAttribute("data-ok", "true");
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(edit).toBeHidden();
  }
  expect(await page.content()).not.toContain("Planted-");
});
