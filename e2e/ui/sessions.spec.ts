import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { admin, asAdmin, bare, createUser, signedIn } from "../support/api";
import { shot, signInUI } from "../support/ui";

test("Settings -> Account: sign out everywhere ends this browser's session and the other device's", async ({ page }, testInfo) => {
  const user = await createUser(await asAdmin(), "editor");
  const otherDevice = await signedIn(user.email, user.password);
  await signInUI(page, user.email, user.password);
  await page.goto("/settings/account");
  await expect(page.getByRole("heading", { name: "Sign out everywhere" })).toBeVisible();
  await page.getByRole("button", { name: "End all sessions" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("this one included");
  await shot(page, testInfo, "sign-out-everywhere-confirm");
  await dialog.getByRole("button", { name: "End all sessions" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect((await otherDevice.get("/api/me")).status()).toBe(401);
  // The browser's own cookie is dead too: a console page sends it back to sign-in.
  await page.goto("/settings/account");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("Settings -> Account: changing the password signs this browser out", async ({ page }) => {
  const user = await createUser(await asAdmin(), "viewer");
  await signInUI(page, user.email, user.password);
  await page.goto("/settings/account");
  const password = `pw-${crypto.randomBytes(12).toString("base64url")}`;
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Confirm new password").fill(password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signInUI(page, user.email, password);
});

test("Settings -> Users: an admin signs a user out everywhere, and the reset dialog warns that tokens are revoked", async ({ page }, testInfo) => {
  const adminCtx = await asAdmin();
  const user = await createUser(adminCtx, "editor");
  const device = await signedIn(user.email, user.password);
  const created = await device.post("/api/tokens", { data: { name: "ui-reset" } });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };

  await signInUI(page, admin().email, admin().password);
  await page.goto("/settings/users");
  const row = page.getByRole("row").filter({ hasText: user.email });
  await row.getByRole("button", { name: `End sessions of ${user.email}` }).click();
  const confirm = page.getByRole("dialog");
  await expect(confirm).toContainText("API tokens keep working");
  await expect(confirm).toContainText(`Sign ${user.email} out everywhere?`);
  await confirm.getByRole("button", { name: "End sessions" }).click();
  await expect(page.getByText(`${user.email} is signed out everywhere`)).toBeVisible();
  expect((await device.get("/api/me")).status()).toBe(401);
  // The admin's own session is untouched.
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
  expect((await adminCtx.get("/api/me")).status()).toBe(200);
  expect((await (await bare()).get("/api/me", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);

  await row.getByRole("button", { name: "Reset password" }).click();
  const reset = page.getByRole("dialog");
  await expect(reset.getByRole("alert")).toContainText("revokes all of their API tokens");
  await shot(page, testInfo, "reset-password-warning");
  await reset.getByLabel("New password").fill(`pw-${crypto.randomBytes(12).toString("base64url")}`);
  await reset.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByText(`Password reset for ${user.email}`)).toBeVisible();
  expect((await (await bare()).get("/api/me", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
});
