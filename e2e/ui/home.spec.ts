import { expect, test, type Page } from "@playwright/test";
import { admin, asAdmin, createUser, signedIn } from "../support/api";
import { createConnection, createFeed, loadRun, feedName } from "../support/feeds";
import { startServer } from "../support/server";
import { shot, signInUI } from "../support/ui";
import { VIEWPORTS, expectNoHorizontalOverflow } from "../support/viewports";

const nextStep = (page: Page) => page.getByTestId("next-step");

for (const vp of VIEWPORTS) {
  test.describe(`at ${vp.name}`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test("sign-in lands on the home page; an admin sees runs, failing and paused feeds and the settings' state", async ({ page }, testInfo) => {
      const ctx = await asAdmin();
      const conn = await createConnection(ctx, { authType: "none" });
      const failing = await createFeed(ctx, { name: feedName("home_fail"), connectionId: conn.id, script: 'raise RuntimeError("home page failure")\n' });
      const run = await loadRun(ctx, failing.id);
      expect(run.status).toBe("failed");
      const paused = await createFeed(ctx, { name: feedName("home_paused"), connectionId: conn.id, script: 'from lib import outputStream\noutputStream.write({"a": 1})\n', status: "paused" });

      await signInUI(page, admin().email, admin().password);
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByRole("heading", { level: 1, name: "Home" })).toBeVisible();
      await expect(page.getByText(/Switchyard fetches data from REST APIs and databases/)).toBeVisible();
      await expect(page.getByRole("table", { name: "Recent runs" }).getByRole("link", { name: `${failing.name} #${run.id}` })).toBeVisible();
      const attention = page.getByRole("region", { name: "Feeds failing or paused" });
      await expect(attention.getByRole("listitem").filter({ hasText: failing.name })).toContainText("Last run failed");
      await expect(attention.getByRole("listitem").filter({ hasText: paused.name })).toContainText("Paused");
      await expect(nextStep(page)).toHaveAttribute("data-kind", "check-failing-feed");
      await expect(page.getByTestId("home-warehouse")).toContainText("Warehouse:");
      await expect(page.getByTestId("home-network")).toContainText("Private ranges:");
      await expectNoHorizontalOverflow(page);
      await shot(page, testInfo, `home-admin-${vp.name}`);
    });

    test("a viewer's home page has no settings' state and no create buttons", async ({ page }) => {
      const viewer = await createUser(await asAdmin(), "viewer");
      await signInUI(page, viewer.email, viewer.password);
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByRole("heading", { level: 1, name: "Home" })).toBeVisible();
      await expect(page.getByTestId("home-warehouse")).toHaveCount(0);
      await expect(page.getByRole("region", { name: "Workspace settings" })).toHaveCount(0);
      await expect(nextStep(page).getByRole("link", { name: /^Create/ })).toHaveCount(0);
      await expectNoHorizontalOverflow(page);
    });
  });
}

// The next step depends on the whole workspace, so this walk runs on a server of its own, empty at first.
test("the next step walks a new workspace from its first connection to its first feed to the failing feed", async ({ page }) => {
  test.setTimeout(180_000);
  const email = "admin@home-steps.test";
  const password = "home-steps-admin-password";
  const server = await startServer({ label: "home-steps", env: { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } });
  try {
    const ctx = await signedIn(email, password, server.baseURL);
    const viewer = await createUser(ctx, "viewer");
    await page.goto(`${server.baseURL}/sign-in`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${server.baseURL}/`);

    await expect(nextStep(page)).toHaveAttribute("data-kind", "create-connection");
    await expect(nextStep(page).getByRole("link", { name: "Create a connection" })).toHaveAttribute("href", "/connections");

    const conn = await createConnection(ctx, { authType: "none" });
    await page.reload();
    await expect(nextStep(page)).toHaveAttribute("data-kind", "create-feed");
    await expect(nextStep(page).getByRole("link", { name: "Create a feed" })).toHaveAttribute("href", "/feeds/new");

    const feed = await createFeed(ctx, { connectionId: conn.id, script: 'raise RuntimeError("step failure")\n' }, { dataDir: server.dataDir });
    const run = await loadRun(ctx, feed.id);
    expect(run.status).toBe("failed");
    await page.reload();
    await expect(nextStep(page)).toHaveAttribute("data-kind", "check-failing-feed");
    await nextStep(page).getByRole("link", { name: `Check ${feed.name}` }).click();
    await expect(page).toHaveURL(`${server.baseURL}/runs/${run.id}`);

    // A viewer is told the same failure, and who creates things.
    const viewerCtx = await signedIn(viewer.email, viewer.password, server.baseURL);
    expect((await viewerCtx.get("/")).status()).toBe(200);
    await page.context().clearCookies();
    await page.goto(`${server.baseURL}/sign-in`);
    await page.getByLabel("Email").fill(viewer.email);
    await page.getByLabel("Password").fill(viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(nextStep(page)).toHaveAttribute("data-kind", "check-failing-feed");
  } finally {
    await server.stop();
  }
});
