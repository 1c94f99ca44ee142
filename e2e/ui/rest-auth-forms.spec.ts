import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { admin, asAdmin } from "../support/api";
import { createFeed, feedName, testRun } from "../support/feeds";
import { TEST_API_HOST } from "../support/test-api";
import { signInUI } from "../support/ui";
import { expectDialogFits } from "../support/viewports";

// The console's forms for the token auth types: their fields, errors on the right field, the Test
// button against a server that checks the credentials, and masks kept when editing.

const MASK = "••••••••";
const TOKEN = "ui-bearer-Planted-5";
const KEY = "ui-key-Planted-6";
const SECRET = "ui-client-Planted-7";
const HEADER_KEY = "ui-header-key-Planted-8";
const REFRESH_SECRET = "ui-refresh-client-Planted-9";
const FIRST_REFRESH = "ui-refresh-Planted-0";
const SESSION = "ui-query-session-Planted-10";

// The refresh-token grant's token endpoint rotates refresh tokens: each one works once, as with
// servers that rotate them, so a Test that passes after a save proves the rotated one was stored.
const oauth = { calls: 0, current: FIRST_REFRESH, access: "", refused: [] as string[], issued: 0 };
// What the session-token checker saw: the token must come in the query, not in a header.
const session = { query: [] as string[], authorization: [] as string[] };

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
      if (u.pathname === "/refresh/token") {
        oauth.calls++;
        const form = new URLSearchParams(body);
        if (form.get("grant_type") !== "refresh_token" || form.get("client_id") !== "ui-refresh" || form.get("client_secret") !== REFRESH_SECRET) return send(401, { error: "invalid_client" });
        if (form.get("refresh_token") !== oauth.current) {
          oauth.refused.push(form.get("refresh_token") ?? "");
          return send(400, { error: "invalid_grant" });
        }
        oauth.current = `ui-refresh-Planted-${++oauth.issued}`;
        oauth.access = `ui-refresh-access-Planted-${oauth.issued}`;
        return send(200, { access_token: oauth.access, token_type: "Bearer", expires_in: 300, refresh_token: oauth.current });
      }
      if (u.pathname === "/refresh/check") return send(oauth.access && req.headers.authorization === `Bearer ${oauth.access}` ? 200 : 401, {});
      // API key in a header: only under the name chosen in the form.
      if (u.pathname === "/header/check") return send(req.headers["x-ui-key"] === HEADER_KEY ? 200 : 401, {});
      if (u.pathname === "/session/login") return send(200, { data: { session: SESSION } });
      if (u.pathname === "/session/records") {
        session.query.push(u.searchParams.get("session") ?? "");
        session.authorization.push(req.headers.authorization ?? "");
        return u.searchParams.get("session") === SESSION ? send(200, { records: [{ id: 1, kind: "session-query" }] }) : send(401, { error: "no session" });
      }
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

test("OAuth 2.0 refresh-token grant: saved, tested with the saved token, the rotated one stored back; masks on reopening", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInUI(page, admin().email, admin().password);
  await page.goto("/connections");
  // The list behind the dialog searched down to nothing.
  await page.getByPlaceholder("Search by name").fill("no-such-connection");

  const { dialog, name } = await newDialog(page, "OAuth 2.0");
  await expectDialogFits(dialog, page);
  await dialog.getByLabel("Grant type").selectOption("refresh_token");
  await dialog.getByLabel("Token URL").fill(`${url}/refresh/token`);
  await dialog.getByLabel("Client ID").fill("ui-refresh");
  await dialog.getByLabel("Client secret", { exact: true }).fill(REFRESH_SECRET);
  await dialog.getByLabel("Refresh token", { exact: true }).fill(FIRST_REFRESH);
  await dialog.getByLabel("Test URL").fill(`${url}/refresh/check`);
  await expectDialogFits(dialog, page);
  // A typed refresh token would be spent by a test: the form says so and nothing is called.
  await dialog.getByRole("button", { name: "Test" }).click();
  await expect(dialog.getByTestId("connection-test-result")).toContainText("Save, then Test");
  expect(oauth.calls).toBe(0);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();

  // Reopened: the grant is kept, the secrets are masks; Test fetches a token with the saved refresh
  // token and calls the test URL with it. Then again after a save (which forgets the cached token):
  // the endpoint only takes the rotated token now, so passing means it was stored back.
  await page.getByPlaceholder("Search by name").fill(name);
  for (const round of [1, 2]) {
    await rowOf(page, name).getByRole("button", { name: `Edit ${name}` }).click();
    const edit = page.getByRole("dialog", { name: "Edit connection" });
    await expect(edit.getByLabel("Grant type")).toHaveValue("refresh_token");
    await expect(edit.getByLabel("Client secret", { exact: true })).toHaveValue(MASK);
    await expect(edit.getByLabel("Refresh token", { exact: true })).toHaveValue(MASK);
    await expectDialogFits(edit, page);
    await edit.getByRole("button", { name: "Test" }).click();
    const result = edit.getByTestId("connection-test-result");
    await expect(result).toHaveAttribute("data-ok", "true");
    await expect(result).toContainText("Access token received");
    await expect(result).toContainText("HTTP 200");
    expect(oauth.issued, `round ${round}`).toBe(round);
    expect(oauth.refused).toEqual([]);
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(edit).toBeHidden();
  }
  expect(await page.content()).not.toContain("Planted-");
});

test("API key in a header under the chosen name, and a session token sent in a query parameter", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInUI(page, admin().email, admin().password);
  await page.goto("/connections");
  // The list behind the dialog searched down to nothing.
  await page.getByPlaceholder("Search by name").fill("no-such-connection");

  // API key in a header: the checker takes it only as X-Ui-Key, so the name typed is what is sent.
  let { dialog, name } = await newDialog(page, "API Key");
  await expect(dialog.getByLabel("Send in")).toHaveValue("header");
  await dialog.getByLabel("Key name").fill("X-Other-Key");
  await dialog.getByLabel("API key", { exact: true }).fill(HEADER_KEY);
  await dialog.getByLabel("Test URL").fill(`${url}/header/check`);
  await expectDialogFits(dialog, page);
  await dialog.getByRole("button", { name: "Test" }).click();
  const result = dialog.getByTestId("connection-test-result");
  await expect(result).toHaveAttribute("data-ok", "false");
  await expect(result).toContainText("HTTP 401");
  await dialog.getByLabel("Key name").fill("X-Ui-Key");
  await dialog.getByRole("button", { name: "Test" }).click();
  await expect(result).toHaveAttribute("data-ok", "true");
  await expect(result).toContainText("HTTP 200");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await page.getByPlaceholder("Search by name").fill(name);
  await rowOf(page, name).getByRole("button", { name: `Edit ${name}` }).click();
  let edit = page.getByRole("dialog", { name: "Edit connection" });
  await expect(edit.getByLabel("Send in")).toHaveValue("header");
  await expect(edit.getByLabel("Key name")).toHaveValue("X-Ui-Key");
  await expect(edit.getByLabel("API key", { exact: true })).toHaveValue(MASK);
  await edit.getByRole("button", { name: "Test" }).click();
  await expect(edit.getByTestId("connection-test-result")).toHaveAttribute("data-ok", "true");
  await edit.getByRole("button", { name: "Cancel" }).click();
  await expect(edit).toBeHidden();

  // Session token in a query parameter: the field is a parameter name then, and there is no prefix.
  await page.getByPlaceholder("Search by name").fill("no-such-connection");
  ({ dialog, name } = await newDialog(page, "Session Token"));
  await dialog.getByLabel("Authorization URL").fill(`${url}/session/login`);
  await dialog.getByLabel("Token path").fill("data.session");
  await expect(dialog.getByLabel("Header name")).toBeVisible();
  await dialog.getByLabel("Send token in").selectOption("query");
  await expect(dialog.getByLabel("Header name")).toHaveCount(0);
  await expect(dialog.getByLabel("Prefix")).toHaveCount(0);
  await dialog.getByLabel("Parameter name").fill("session");
  await expectDialogFits(dialog, page);
  await dialog.getByRole("button", { name: "Test" }).click();
  await expect(dialog.getByTestId("connection-test-result")).toHaveAttribute("data-ok", "true");
  await expect(dialog.getByTestId("connection-test-result")).toContainText("token found at data.session");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await page.getByPlaceholder("Search by name").fill(name);
  await rowOf(page, name).getByRole("button", { name: `Edit ${name}` }).click();
  edit = page.getByRole("dialog", { name: "Edit connection" });
  await expect(edit.getByLabel("Send token in")).toHaveValue("query");
  await expect(edit.getByLabel("Parameter name")).toHaveValue("session");
  await expectDialogFits(edit, page);
  await edit.getByRole("button", { name: "Cancel" }).click();
  await expect(edit).toBeHidden();
  expect(await page.content()).not.toContain("Planted-");

  // What the form saved is what a script gets: connection.params carries the token, no header does.
  const api = await asAdmin();
  const listed = (await (await api.get(`/api/connections?q=${encodeURIComponent(name)}`)).json()) as { connections: { id: string; name: string }[] };
  const conn = listed.connections.find((c) => c.name === name);
  expect(conn, name).toBeTruthy();
  const feed = await createFeed(api, {
    connectionId: conn!.id,
    status: "draft",
    script: `import requests
from lib import outputStream, connection

r = requests.get("${url}/session/records", headers=connection.headers, params=connection.params)
r.raise_for_status()
for rec in r.json()["records"]:
    outputStream.write(rec)
`,
  });
  const run = await testRun(api, feed.id);
  expect(run.status, run.error ?? "").toBe("succeeded");
  expect(run.preview).toEqual([expect.objectContaining({ kind: "session-query" })]);
  expect(session.query).toContain(SESSION);
  expect(session.authorization.filter(Boolean)).toEqual([]);
});
