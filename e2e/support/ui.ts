import { expect, type Page, type TestInfo } from "@playwright/test";

export async function signInUI(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** A full-page screenshot kept with the test's results (not committed), for people to look at. */
/**
 * Waits for the page's CSS transitions and animations to end (after a colour-scheme switch, say).
 * `getAnimations()` flushes pending style changes first, so transitions just triggered are included.
 */
export async function settleAnimations(page: Page) {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
}

export async function shot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}
