import { expect, test } from "@playwright/test";
import { admin, asAdmin, bare, createUser, unique } from "../support/api";
import { shot, signInUI } from "../support/ui";

test("an API token is created in the console, shown once, works, and stops working when revoked", async ({ page }, testInfo) => {
  await signInUI(page, admin().email, admin().password);
  await page.goto("/settings/tokens");
  await page.getByRole("button", { name: "New token" }).click();
  const name = unique("ui-token");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Role").selectOption("editor");
  await page.getByRole("button", { name: "Create token" }).click();
  const tokenField = page.getByLabel("New API token");
  await expect(tokenField).toHaveValue(/^sy_/);
  const token = await tokenField.inputValue();
  await shot(page, testInfo, "token-created");
  const anon = await bare();
  const variants: Record<string, string>[] = [{ authorization: `Bearer ${token}` }, { "x-imply-api-token": token }, { "X-StorageApi-Token": token }, { "X-API-Key": token }];
  for (const headers of variants) {
    expect((await anon.get("/api/me", { headers })).status()).toBe(200);
  }
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText(token)).toHaveCount(0);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Active");
  await row.getByRole("button", { name: /Revoke/ }).click();
  await page.getByRole("button", { name: "Revoke token" }).click();
  await expect(row).toContainText("Revoked");
  expect((await anon.get("/api/me", { headers: { "X-API-Key": token } })).status()).toBe(401);
});

test("a viewer sees no admin tabs and gets 403 on admin pages", async ({ page }) => {
  const viewer = await createUser(await asAdmin(), "viewer");
  await signInUI(page, viewer.email, viewer.password);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/settings\/account/);
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  for (const path of ["/settings/users", "/settings/audit", "/settings/general"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByText("You don't have access to this page")).toBeVisible();
  }
});

test("admins manage users in the console and the audit log shows what happened", async ({ page }, testInfo) => {
  await signInUI(page, admin().email, admin().password);
  await page.goto("/settings/users");
  await page.getByRole("button", { name: "New user" }).click();
  const email = `${unique("ui-user")}@e2e.test`;
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Password").fill("ui-user-password-1");
  await dialog.getByLabel("Role").selectOption("editor");
  await dialog.getByRole("button", { name: "Create user" }).click();
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toBeVisible();
  await row.getByLabel(`Role for ${email}`).selectOption("viewer");
  await expect(page.getByText(`${email} is now a viewer`)).toBeVisible();
  await shot(page, testInfo, "users");

  await page.goto(`/settings/audit?target=${encodeURIComponent(email)}`);
  await expect(page.getByRole("cell", { name: "user.create" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "user.update" })).toBeVisible();
  await shot(page, testInfo, "audit-log");
});
