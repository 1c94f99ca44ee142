import { expect, test } from "@playwright/test";
import { admin, asAdmin, createUser } from "../support/api";
import { shot, signInUI } from "../support/ui";

test("an operator signs in, sees the console shell, and signs out", async ({ page }, testInfo) => {
  await page.goto("/settings/users");
  await expect(page).toHaveURL(/\/sign-in/);
  await shot(page, testInfo, "sign-in");
  await signInUI(page, admin().email, admin().password);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(page.getByText(admin().email)).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a page opened before signing in is where sign-in returns to", async ({ page }) => {
  await page.goto("/settings/audit?actor=nobody");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.getByLabel("Email").fill(admin().email);
  await page.getByLabel("Password").fill(admin().password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/audit\?actor=nobody$/);
});

test("a wrong password gets one generic message; past the limit the form says to wait", async ({ page }) => {
  const user = await createUser(await asAdmin(), "viewer");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  // Five failures from one address lock that email there (lib/auth/sign-in-backoff.ts).
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Password").fill(`wrong-password-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.");
  }
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(/Too many failed sign-ins .*Try again in \d+ seconds/);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a callbackUrl that points off this origin is not followed after sign-in", async ({ page }) => {
  await page.goto("/sign-in?callbackUrl=/%09/evil.example/phish");
  await page.getByLabel("Email").fill(admin().email);
  await page.getByLabel("Password").fill(admin().password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(process.env.E2E_BASE_URL!).origin);
});
