import { expect, test } from "@playwright/test";
import { admin, asAdmin, bare, createUser } from "../support/api";
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

test("an admin unlocks a locked account with the Unlock button on Settings -> Users", async ({ page }, testInfo) => {
  const user = await createUser(await asAdmin(), "viewer");
  // Lock the account from a named client address (the suite's server trusts loopback as a proxy).
  const headers = { "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 254) + 1}` };
  const anon = await bare();
  const post = async (password: string) => {
    const { csrfToken } = await (await anon.get("/api/auth/csrf", { headers })).json();
    return (await anon.post("/api/auth/callback/credentials", { headers, form: { email: user.email, password, csrfToken, json: "true" } })).status();
  };
  for (let i = 0; i < 5; i++) expect(await post(`wrong-password-${i}`)).toBe(401);
  expect(await post(user.password)).toBe(429);
  await signInUI(page, admin().email, admin().password);
  await page.goto("/settings/users");
  await page.getByRole("button", { name: `Unlock sign-in for ${user.email}` }).click();
  await expect(page.getByText(`${user.email} can sign in again`)).toBeVisible();
  await shot(page, testInfo, "users-unlocked");
  expect(await post(user.password)).toBe(200);
});
