import { expect, test, type Page } from "@playwright/test";
import { signedIn } from "../support/api";
import { expectJson, newOwner, PROV_ADMIN, startProvisioningServer } from "../support/provisioning";
import type { RunningServer } from "../support/server";
import { shot } from "../support/ui";

// The console's Provisioning page (/sandboxes) and Settings -> Provisioning, on a server of its own
// whose backends are the local MariaDB and PostgreSQL.

let server: RunningServer;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startProvisioningServer("prov-ui");
});
test.afterAll(async () => server?.stop());

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${server.baseURL}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

test("credentials created through the API are listed; the detail reveals the password, extends and drops", async ({ page }, testInfo) => {
  const admin = await signedIn(PROV_ADMIN.email, PROV_ADMIN.password, server.baseURL);
  const owner = await newOwner(server, admin);
  const created = await expectJson(await owner.kb.post("mysql", { data: { type: "sandbox" } }), 201);

  await signIn(page, owner.email, owner.password);
  await page.getByRole("link", { name: "Provisioning" }).click();
  await expect(page).toHaveURL(/\/sandboxes$/);
  await expect(page.getByTestId("backend-mysql")).toContainText("Ready");
  await expect(page.getByTestId("backend-snowflake")).toContainText("no Snowflake driver");
  const row = page.getByTestId(`credentials-${created.id}`);
  await expect(row).toContainText("sandbox");
  await expect(row).toContainText(owner.email);
  await expect(row).toContainText(created.credentials.user);
  await expect(row).toContainText("Idle");
  await shot(page, testInfo, "provisioning-list");

  await row.getByRole("link", { name: "mysql" }).click();
  await expect(page.getByLabel("User", { exact: true })).toHaveValue(created.credentials.user);
  await expect(page.getByLabel("Host", { exact: true })).toHaveValue("127.0.0.1");
  expect(await page.content()).not.toContain(created.credentials.password);
  await page.getByRole("button", { name: "Reveal password" }).click();
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue(created.credentials.password);
  const audit = await (await admin.get("/api/audit?action=provisioning.reveal&pageSize=50")).json();
  expect(audit.events.map((e: { targetId: string }) => e.targetId)).toContain(created.id);

  await page.getByRole("button", { name: "Extend" }).click();
  await expect(page.getByText("Extended", { exact: true })).toBeVisible();
  const after = await expectJson(await owner.kb.get(`mysql/${created.id}`), 200);
  expect(Number(after.touch)).toBeGreaterThan(Number(created.touch));
  await page.getByRole("button", { name: "Kill processes" }).click();
  await expect(page.getByText(/Ended 0 sessions/)).toBeVisible();
  await shot(page, testInfo, "provisioning-detail");

  await page.getByRole("button", { name: "Drop", exact: true }).click();
  await expect(page.getByRole("dialog")).toContainText(created.credentials.user);
  await page.getByRole("dialog").getByRole("button", { name: "Drop" }).click();
  await expect(page).toHaveURL(/\/sandboxes$/);
  await expect(page.getByTestId(`credentials-${created.id}`)).toHaveCount(0);
  expect((await expectJson(await owner.kb.get(`mysql/${created.id}`), 404)).message).toBe("Credentials not found.");
});

test("Settings -> Provisioning (admins): backends with their source; a saved password comes back masked", async ({ page }) => {
  await signIn(page, PROV_ADMIN.email, PROV_ADMIN.password);
  await page.goto(`${server.baseURL}/settings`);
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Provisioning" }).click();
  await expect(page).toHaveURL(/\/settings\/provisioning$/);
  await expect(page.getByTestId("backend-mysql")).toContainText("From the environment");
  await expect(page.getByTestId("backend-docker")).toContainText("DOCKER_HOST");
  const secret = `Pg-${Date.now()}-planted`;
  await page.getByLabel("Redshift administrative URL").fill(`postgresql://postgres:${secret}@127.0.0.1:5432/test`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Provisioning settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("backend-redshift-workspace")).toContainText("From Settings");
  await expect(page.getByLabel("Redshift administrative URL")).toHaveValue("postgresql://postgres:••••@127.0.0.1:5432/test");
  expect(await page.content()).not.toContain(secret);
  // Saved back as shown, the stored password stays, and sandboxes still work (trust auth here).
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Provisioning settings saved")).toBeVisible();
  const admin = await signedIn(PROV_ADMIN.email, PROV_ADMIN.password, server.baseURL);
  const owner = await newOwner(server, admin);
  const ws = await expectJson(await owner.kb.post("redshift-workspace", { data: {} }), 201);
  await owner.kb.delete(`redshift-workspace/${ws.id}`);
});
