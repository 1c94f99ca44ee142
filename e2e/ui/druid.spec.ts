import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { admin, asAdmin, bare, createToken } from "../support/api";
import { suffix } from "../support/databases";
import { startServer } from "../support/server";
import { settleAnimations, shot, signInUI } from "../support/ui";

// Druid connections in the console, and the same connections through Imply Pivot's API (seed 001).

const MASK = "••••••••";
const rowOf = (page: Page, name: string) => page.getByTestId("connection-row").filter({ hasText: name });

let status: http.Server;
let statusHost = "";
test.beforeAll(async () => {
  // A stand-in Druid broker: /status answers like Druid's.
  status = http.createServer((req, res) => {
    res.writeHead(req.url === "/status" ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify({ version: "29.0.1", modules: [] }));
  });
  await new Promise<void>((r) => status.listen(0, "127.0.0.1", r));
  statusHost = `127.0.0.1:${(status.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((r) => status.close(() => r())));

async function pivot() {
  const token = (await createToken(await asAdmin(), { role: "editor" })).token;
  const ctx = await bare();
  return { ctx, headers: { "x-imply-api-token": token } };
}

async function darkShot(page: Page, testInfo: TestInfo, name: string) {
  await page.emulateMedia({ colorScheme: "dark" });
  await settleAnimations(page);
  await shot(page, testInfo, name);
  await page.emulateMedia({ colorScheme: "light" });
}

test("an editor creates a Druid connection, saves and tests it, and Pivot's API sees it", async ({ page }, testInfo) => {
  await signInUI(page, admin().email, admin().password);
  await page.goto("/connections");
  await page.getByRole("button", { name: "More connection types" }).click();
  await expect(page.getByRole("menuitem", { name: "Database connection" })).toBeVisible();
  await shot(page, testInfo, "connections-new-menu");
  await page.getByRole("menuitem", { name: "Druid connection" }).click();
  await expect(page.getByRole("dialog", { name: "New Druid connection" })).toBeVisible();
  // The one open dialog: its title changes once the connection is saved.
  const dialog = page.getByRole("dialog");

  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog.getByText("Enter a name")).toBeVisible();
  await expect(dialog.getByText("Add at least one query host")).toBeVisible();

  const name = `druid_ui_${suffix()}`;
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Title").fill("Clickstream");
  await dialog.getByLabel("Query host 1", { exact: true }).fill(statusHost);
  await dialog.getByRole("button", { name: "Add query host" }).click();
  await expect(dialog.getByLabel("Query host 2", { exact: true })).toBeFocused();
  await dialog.getByLabel("Query host 2", { exact: true }).fill("broker-2.invalid:8082");
  await dialog.getByRole("button", { name: "Remove query host 2" }).click();
  await expect(dialog.getByLabel("Query host 2", { exact: true })).toHaveCount(0);
  await dialog.getByLabel("Timeout", { exact: true }).fill("30000");
  await dialog.getByLabel("SQL timeout").fill("20000");
  await dialog.getByLabel("Version").fill("29.0.1");

  // TLS fields appear with a TLS protocol; what was typed stays when switching back.
  await expect(dialog.getByLabel("CA", { exact: true })).toHaveCount(0);
  await dialog.getByLabel("Protocol").selectOption("tls-ca");
  await dialog.getByLabel("CA", { exact: true }).fill("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
  await dialog.getByLabel("Key", { exact: true }).fill("Planted-key-PEM");
  await dialog.getByLabel("Passphrase", { exact: true }).fill("Planted-passphrase");
  await shot(page, testInfo, "druid-new-tls");
  await dialog.getByLabel("Protocol").selectOption("plain");

  await dialog.getByText("Decorator and SOCKS proxy").click();
  await dialog.getByLabel("Socks host").fill("proxy.internal:1080");
  await dialog.getByLabel("Socks username").fill("pivot");
  await dialog.getByLabel("Socks password", { exact: true }).fill("Planted-sock");

  await dialog.getByRole("button", { name: "Save and test" }).click();
  const result = dialog.getByTestId("connection-test-result");
  await expect(result).toHaveAttribute("data-ok", "true");
  await expect(result).toContainText("Success");
  await expect(result).toContainText(`${statusHost} is up (Druid 29.0.1)`);
  await expect(result.getByLabel("Response excerpt")).toContainText('"version":"29.0.1"');
  // Saved: the same dialog now edits it.
  await expect(page.getByRole("dialog", { name: "Edit Druid connection" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Test", exact: true })).toBeVisible();
  await shot(page, testInfo, "druid-saved-tested");
  await darkShot(page, testInfo, "druid-saved-tested-dark");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  // The list pages (50 a page, by name): search for the connection made here.
  await page.getByPlaceholder("Search by name").fill(name);
  await expect(rowOf(page, name)).toContainText("Druid");
  await expect(rowOf(page, name)).toContainText("Apache Druid");
  await expect(rowOf(page, name)).toContainText("OK");
  await rowOf(page, name).getByRole("button", { name: `Test ${name}` }).click();
  await expect(page.getByText(`${name}: ${statusHost} is up (Druid 29.0.1)`)).toBeVisible();

  const { ctx, headers } = await pivot();
  const listed = (await (await ctx.get("/api/v1/connections", { headers })).json()) as Record<string, unknown>[];
  expect(listed.find((c) => c.name === name)).toMatchObject({
    name,
    type: "druid",
    title: "Clickstream",
    queryHosts: [statusHost],
    protocol: "plain",
    timeout: 30000,
    sqlTimeout: 20000,
    version: "29.0.1",
    key: MASK,
    passphrase: MASK,
    sockHost: "proxy.internal:1080",
    sockUsername: "pivot",
    sockPassword: MASK,
  });
  expect(JSON.stringify(listed)).not.toContain("Planted");
});

test("a Pivot-made connection shows in the console; editing keeps its masked secrets; Delete removes it for Pivot", async ({ page }, testInfo) => {
  const { ctx, headers } = await pivot();
  const name = `druid_pivot_${suffix()}`;
  const made = await ctx.post("/api/v1/connections", {
    headers,
    data: { connection: { name, type: "druid", queryHosts: ["example.com"], title: "From Pivot", protocol: "tls", key: "Planted-key", passphrase: "Planted-pass", sockPassword: "Planted-sock" } },
  });
  expect(made.status(), await made.text()).toBe(200);

  await signInUI(page, admin().email, admin().password);
  await page.goto(`/connections?q=${name}`);
  await expect(rowOf(page, name)).toContainText("Apache Druid");
  await rowOf(page, name).getByRole("button", { name: `Edit ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: "Edit Druid connection" });
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(dialog.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(dialog.getByText("Cannot be changed after creation")).toBeVisible();
  await expect(dialog.getByLabel("Title")).toHaveValue("From Pivot");
  await expect(dialog.getByLabel("Protocol")).toHaveValue("tls");
  await expect(dialog.getByLabel("Key", { exact: true })).toHaveValue(MASK);
  await expect(dialog.getByLabel("Passphrase", { exact: true })).toHaveValue(MASK);
  await expect(dialog.getByRole("button", { name: /^Show/ })).toHaveCount(0);
  // Set values open the advanced section by themselves.
  await expect(dialog.getByLabel("Socks password", { exact: true })).toHaveValue(MASK);
  await expect(dialog).not.toContainText("Planted");

  await dialog.getByLabel("Title").fill("Renamed in the console");
  await dialog.getByRole("button", { name: "Add query host" }).click();
  await dialog.getByLabel("Query host 2", { exact: true }).fill("broker-2.example.com:8082");
  // A new host needs the secrets again: they are not sent to a host they were not entered for.
  for (const label of ["Key", "Passphrase", "Socks password"]) await dialog.getByLabel(label, { exact: true }).fill(`Planted-new-${label.replace(" ", "-")}`);
  await expect(dialog.getByRole("button", { name: "Save and test" })).toBeVisible();
  await shot(page, testInfo, "druid-edit");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Connection ${name} saved`)).toBeVisible();

  const got = await (await ctx.get(`/api/v1/connections/${name}`, { headers })).json();
  expect(got).toMatchObject({ title: "Renamed in the console", queryHosts: ["example.com", "broker-2.example.com:8082"], key: MASK, passphrase: MASK, sockPassword: MASK });

  await rowOf(page, name).getByRole("button", { name: `Delete ${name}` }).click();
  await page.getByRole("dialog", { name: `Delete ${name}?` }).getByRole("button", { name: "Delete connection" }).click();
  await expect(page.getByText(`Connection ${name} deleted`)).toBeVisible();
  expect((await ctx.get(`/api/v1/connections/${name}`, { headers })).status()).toBe(404);
});

test("connections fixed by the server's CONNECTIONS_FILE are shown read-only, without Edit or Delete", async ({ page }, testInfo) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-fixed-ui-"));
  const file = path.join(dir, "connections.yaml");
  fs.writeFileSync(file, `connections:\n  - name: prod_druid\n    type: druid\n    title: Production\n    queryHosts:\n      - ${statusHost}\n    key: Planted-fixed-key\n`);
  const server = await startServer({ label: "fixed-ui", env: { CONNECTIONS_FILE: file, ADMIN_EMAIL: "admin@fixed-ui.test", ADMIN_PASSWORD: "fixed-ui-admin-password" } });
  try {
    await page.goto(`${server.baseURL}/sign-in`);
    await page.getByLabel("Email").fill("admin@fixed-ui.test");
    await page.getByLabel("Password").fill("fixed-ui-admin-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await page.goto(`${server.baseURL}/connections`);

    const row = rowOf(page, "prod_druid");
    await expect(row).toContainText("Apache Druid");
    await expect(row.getByRole("button", { name: "Delete prod_druid" })).toHaveCount(0);
    await expect(row.getByRole("button", { name: "Edit prod_druid" })).toHaveCount(0);
    await row.getByRole("button", { name: "View prod_druid" }).click();
    const dialog = page.getByRole("dialog", { name: "Druid connection prod_druid" });
    await expect(dialog).toContainText("CONNECTIONS_FILE");
    await expect(dialog.getByLabel("Title")).toHaveValue("Production");
    await expect(dialog.getByLabel("Title")).toBeDisabled();
    await expect(dialog.getByLabel("Query host 1", { exact: true })).toBeDisabled();
    await expect(dialog.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);
    // Testing changes nothing: it stays possible.
    await dialog.getByRole("button", { name: "Test", exact: true }).click();
    await expect(dialog.getByTestId("connection-test-result")).toContainText("is up (Druid 29.0.1)");
    await expect(dialog.getByRole("button", { name: "Test", exact: true })).toBeEnabled();
    await shot(page, testInfo, "druid-fixed");
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
