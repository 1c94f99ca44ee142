import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signedIn } from "../support/api";
import { pgSchema, suffix } from "../support/databases";
import { startServer, tempDataDir, type RunningServer } from "../support/server";
import { TEST_API_HOST } from "../support/test-api";
import { shot } from "../support/ui";
import { expectDialogFits } from "../support/viewports";

// Issue 15, item 3: a stored secret reference is shown in the database, REST and Druid forms as
// written, with "from environment variable NAME" under the field, never as a password mask; typing
// another reference says where that one is read from. The value itself never reaches the page.

const ADMIN = { email: "admin@refs-ui.test", password: "Refs-ui-admin-pw-5!" };
const PLANTED = `Refs-ui-Planted-${suffix()}`;
const REF = "$__env{REFS_UI_DB_PASSWORD}";
// The REST and Druid secrets' values, each in a variable of the server's own.
const REST_TOKEN = `Refs-ui-bearer-Planted-${suffix()}`;
const REST_CLIENT_SECRET = `Refs-ui-client-Planted-${suffix()}`;
const SOCKS_PASSWORD = `Refs-ui-socks-Planted-${suffix()}`;
const DRUID_KEY = `Refs-ui-key-Planted-${suffix()}`;
const RESOLVED = [PLANTED, REST_TOKEN, REST_CLIENT_SECRET, SOCKS_PASSWORD, DRUID_KEY];

let server: RunningServer;
let secretsDir = "";
test.beforeAll(async () => {
  test.setTimeout(90_000);
  secretsDir = tempDataDir("refs-ui-secrets");
  fs.writeFileSync(path.join(secretsDir, "pg"), PLANTED);
  server = await startServer({
    label: "refs-ui",
    env: {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      REFS_UI_DB_PASSWORD: PLANTED,
      REFS_UI_REST_TOKEN: REST_TOKEN,
      REFS_UI_CLIENT_SECRET: REST_CLIENT_SECRET,
      REFS_UI_SOCKS_PASSWORD: SOCKS_PASSWORD,
      REFS_UI_DRUID_KEY: DRUID_KEY,
      SECRETS_DIR: secretsDir,
    },
  });
});
test.afterAll(async () => server?.stop());


async function signIn(page: Page) {
  await page.goto(`${server.baseURL}/sign-in`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** The page as served, and every value a reference resolves to: none of them may be in it. */
async function expectNoResolvedValue(page: Page) {
  const html = await page.content();
  for (const value of RESOLVED) expect(html).not.toContain(value);
}

test("the database form shows a stored reference and where its value comes from", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const { schema, drop } = await pgSchema(1);
  try {
    const api = await signedIn(ADMIN.email, ADMIN.password, server.baseURL);
    const alias = `refs_ui_${suffix()}`;
    // This PostgreSQL trusts every client; the reference is still resolved (an unset one fails the test).
    const res = await api.post("/api/databases", { data: { alias, connection_uri: `postgresql+psycopg2://postgres:${REF}@127.0.0.1:5432/test?options=-csearch_path=${schema}` } });
    expect(res.status(), await res.text()).toBe(201);
    const { id } = (await res.json()) as { id: string };

    await signIn(page);
    await page.goto(`${server.baseURL}/databases/${id}/edit`);
    const password = page.getByLabel("Password", { exact: true });
    await expect(password).toHaveValue(REF);
    await expect(password).toHaveAttribute("type", "text");
    await expect(page.getByTestId("secret-reference")).toContainText("from environment variable REFS_UI_DB_PASSWORD");
    await expect(page.getByText("Enter the password again to save changes")).toHaveCount(0);
    await expect(page.getByTestId("uri-preview")).toContainText(`postgres:${REF}@127.0.0.1:5432/test`);
    await shot(page, testInfo, "database-edit-secret-reference");

    // Another reference typed in says where it is read from; a plain value is masked again.
    await password.fill(`$__file{${secretsDir}/pg}`);
    await expect(page.getByTestId("secret-reference")).toContainText(`from file ${secretsDir}/pg`);
    await password.fill("typed-plain-value");
    await expect(password).toHaveAttribute("type", "password");
    await expect(page.getByTestId("secret-reference")).toHaveCount(0);

    // The SSH private key is a textarea, not a secret input: a reference there says the same.
    const ssh = page.getByLabel("Use SSH tunnel");
    await ssh.check();
    const sshKey = page.getByLabel("Private key", { exact: true });
    await sshKey.fill("$__env{REFS_UI_SSH_KEY}");
    await expect(sshKey).toHaveAccessibleDescription(/from environment variable REFS_UI_SSH_KEY/);
    await sshKey.fill("");
    await ssh.uncheck();

    // Saved back as shown, the reference stays.
    await password.fill(REF);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { name: alias, level: 1 })).toBeVisible();
    expect((await (await api.get(`/api/databases/${id}`)).json()).secretRefs).toEqual({ password: REF });
    expect(await page.content()).not.toContain(PLANTED);
  } finally {
    await drop();
  }
});

test("the REST and Druid forms show references as written, say where each is read from, and never show the value", async ({ page }) => {
  test.setTimeout(120_000);
  // A checker that takes only the resolved values: a passing Test proves the server read the variable.
  const checker = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const u = new URL(req.url!, "http://x");
      const send = (status: number, v: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(v));
      };
      if (u.pathname === "/token") return new URLSearchParams(body).get("client_secret") === REST_CLIENT_SECRET ? send(200, { access_token: "refs-ui-access", expires_in: 300 }) : send(401, { error: "invalid_client" });
      const ok = req.headers.authorization === `Bearer ${REST_TOKEN}` || req.headers.authorization === "Bearer refs-ui-access";
      send(ok ? 200 : 401, { ok });
    });
  });
  await new Promise<void>((r) => checker.listen(0, TEST_API_HOST, r));
  const url = `http://${TEST_API_HOST}:${(checker.address() as { port: number }).port}`;
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page);
    await page.goto(`${server.baseURL}/connections`);
    const api = await signedIn(ADMIN.email, ADMIN.password, server.baseURL);

    // REST, Bearer and OAuth 2.0 (client secret): the reference typed in is shown as text with where
    // it is read from, Test resolves it, and reopening shows it again.
    const rest = [
      { type: "Bearer Token", field: "Token", ref: "$__env{REFS_UI_REST_TOKEN}", variable: "REFS_UI_REST_TOKEN", key: "token" },
      { type: "OAuth 2.0", field: "Client secret", ref: "$__env{REFS_UI_CLIENT_SECRET}", variable: "REFS_UI_CLIENT_SECRET", key: "clientSecret" },
    ];
    for (const c of rest) {
      // The list behind the dialog searched down to nothing.
      await page.getByPlaceholder("Search by name").fill("no-such-connection");
      await page.getByRole("button", { name: "New connection" }).first().click();
      const dialog = page.getByRole("dialog", { name: "New connection" });
      const name = `refs_ui_${c.key.toLowerCase()}_${suffix()}`;
      await dialog.getByLabel("Connection Name").fill(name);
      await dialog.getByRole("radio", { name: c.type }).check();
      if (c.type === "OAuth 2.0") {
        await dialog.getByLabel("Token URL").fill(`${url}/token`);
        await dialog.getByLabel("Client ID").fill("refs-ui");
      }
      const secret = dialog.getByLabel(c.field, { exact: true });
      await secret.fill(c.ref);
      await expect(secret).toHaveAttribute("type", "text");
      await expect(secret).toHaveAccessibleDescription(new RegExp(`from environment variable ${c.variable}`));
      await expect(dialog.getByTestId("secret-reference")).toHaveText(`Value from environment variable ${c.variable}, read by the server on each use.`);
      await expect(dialog.getByRole("button", { name: /^Show / })).toHaveCount(0);
      await dialog.getByLabel("Test URL").fill(`${url}/check`);
      await expectDialogFits(dialog, page);
      await dialog.getByRole("button", { name: "Test" }).click();
      await expect(dialog.getByTestId("connection-test-result")).toHaveAttribute("data-ok", "true");
      await expect(dialog.getByTestId("connection-test-result")).toContainText("HTTP 200");
      await dialog.getByRole("button", { name: "Save" }).click();
      await expect(dialog).toBeHidden();

      await page.getByPlaceholder("Search by name").fill(name);
      await page.getByRole("row").filter({ hasText: name }).getByRole("button", { name: `Edit ${name}` }).click();
      const edit = page.getByRole("dialog", { name: "Edit connection" });
      const saved = edit.getByLabel(c.field, { exact: true });
      await expect(saved).toHaveValue(c.ref);
      await expect(saved).toHaveAttribute("type", "text");
      await expect(saved).toHaveAccessibleDescription(new RegExp(`from environment variable ${c.variable}`));
      await expect(edit.getByTestId("secret-reference")).toHaveText(`Value from environment variable ${c.variable}, read by the server on each use.`);
      await expectDialogFits(edit, page);
      // Tested and saved as shown: the reference stays.
      await edit.getByRole("button", { name: "Test" }).click();
      await expect(edit.getByTestId("connection-test-result")).toHaveAttribute("data-ok", "true");
      await expectNoResolvedValue(page);
      await edit.getByRole("button", { name: "Save" }).click();
      await expect(edit).toBeHidden();
      const listed = (await (await api.get(`/api/connections?q=${name}`)).json()) as { connections: { id: string; name: string }[] };
      const id = listed.connections.find((x) => x.name === name)!.id;
      expect(((await (await api.get(`/api/connections/${id}`)).json()) as Record<string, unknown>)[c.key]).toBe(c.ref);
    }

    // Druid: the key (a textarea), the passphrase and the socks password.
    const druid = `refs_ui_druid_${suffix()}`;
    const druidRefs = { Key: "$__env{REFS_UI_DRUID_KEY}", "Socks password": "$__env{REFS_UI_SOCKS_PASSWORD}" } as const;
    await page.getByPlaceholder("Search by name").fill("no-such-connection");
    await page.getByRole("button", { name: "More connection types" }).click();
    await page.getByRole("menuitem", { name: "Druid connection" }).click();
    const dialog = page.getByRole("dialog", { name: "New Druid connection" });
    await dialog.getByLabel("Name", { exact: true }).fill(druid);
    await dialog.getByLabel("Query host 1", { exact: true }).fill("broker.example.com:8082");
    await dialog.getByLabel("Protocol").selectOption("tls");
    await dialog.getByLabel("Key", { exact: true }).fill(druidRefs.Key);
    await dialog.getByText("Decorator and SOCKS proxy").click();
    await dialog.getByLabel("Socks host").fill("proxy.internal:1080");
    await dialog.getByLabel("Socks password", { exact: true }).fill(druidRefs["Socks password"]);
    await expect(dialog.getByLabel("Socks password", { exact: true })).toHaveAttribute("type", "text");
    await expect(dialog.getByLabel("Key", { exact: true })).toHaveAccessibleDescription(/from environment variable REFS_UI_DRUID_KEY/);
    await expect(dialog.getByLabel("Socks password", { exact: true })).toHaveAccessibleDescription(/from environment variable REFS_UI_SOCKS_PASSWORD/);
    await expectDialogFits(dialog, page);
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    await expect(dialog).toBeHidden();

    await page.getByPlaceholder("Search by name").fill(druid);
    await page.getByTestId("connection-row").filter({ hasText: druid }).getByRole("button", { name: `Edit ${druid}` }).click();
    const edit = page.getByRole("dialog", { name: "Edit Druid connection" });
    await expect(edit.getByLabel("Key", { exact: true })).toHaveValue(druidRefs.Key);
    await expect(edit.getByLabel("Key", { exact: true })).toHaveAccessibleDescription(/from environment variable REFS_UI_DRUID_KEY/);
    await expect(edit.getByLabel("Socks password", { exact: true })).toHaveValue(druidRefs["Socks password"]);
    await expect(edit.getByLabel("Socks password", { exact: true })).toHaveAttribute("type", "text");
    await expect(edit.getByLabel("Socks password", { exact: true })).toHaveAccessibleDescription(/from environment variable REFS_UI_SOCKS_PASSWORD/);
    await expect(edit.getByTestId("secret-reference")).toHaveCount(2);
    await expect(edit.getByLabel("Passphrase", { exact: true })).toHaveValue("");
    await expectDialogFits(edit, page);
    await expectNoResolvedValue(page);
    await edit.getByRole("button", { name: "Cancel" }).click();
    await expect(edit).toBeHidden();
  } finally {
    await new Promise((r) => checker.close(r));
  }
});
