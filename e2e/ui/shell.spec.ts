import { expect, test } from "@playwright/test";
import { admin, asAdmin, createUser } from "../support/api";
import { createConnection, createFeed, feedName, loadRun, vouchForScript } from "../support/feeds";
import { startTestApi, type TestApi } from "../support/test-api";
import { signInUI } from "../support/ui";
import { expectNoHorizontalOverflow } from "../support/viewports";

let api: TestApi;
test.beforeAll(async () => {
  api = await startTestApi();
});
test.afterAll(async () => api.close());

test.describe("at 390x844", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the sidebar is a drawer behind a menu button: Esc and following a link close it", async ({ page }) => {
    await signInUI(page, admin().email, admin().password);
    const main = page.getByRole("navigation", { name: "Main" });
    await expect(main).toBeHidden();
    const menu = page.getByRole("button", { name: "Open menu" });
    await menu.click();
    const drawer = page.getByRole("dialog", { name: "Menu" });
    await expect(drawer.getByRole("link", { name: "Feeds" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(menu).toBeFocused();
    // Keyboard only: Enter opens it, Tab reaches the links.
    await page.keyboard.press("Enter");
    await expect(drawer).toBeVisible();
    await drawer.getByRole("link", { name: "Connections" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/connections$/);
    await expect(drawer).toBeHidden();
    await expectNoHorizontalOverflow(page);
  });

  // With rows on screen: the rows' screen-reader labels (absolutely placed) once escaped the table's
  // scroll box and made /connections 650-718 px wide, which an empty list never showed.
  test("the connections and feeds lists fit the window with rows in them", async ({ page }) => {
    const ctx = await asAdmin();
    const conn = await createConnection(ctx, { authType: "none" });
    const feed = await createFeed(ctx, { connectionId: conn.id, script: 'from lib import outputStream\noutputStream.write({"id": 1})\n' });
    await signInUI(page, admin().email, admin().password);
    await page.goto(`/connections?q=${encodeURIComponent(conn.name)}`);
    await expect(page.getByRole("cell", { name: conn.name, exact: true })).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await page.goto("/connections");
    await expect(page.getByRole("row").nth(1)).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await page.goto(`/feeds?q=${encodeURIComponent(feed.name)}`);
    await expect(page.getByText(feed.name).first()).toBeVisible();
    await expectNoHorizontalOverflow(page);
  });

  test("the wizard's four steps and a run page fit the window", async ({ page }) => {
    const ctx = await asAdmin();
    const conn = await createConnection(ctx, { authType: "none" });
    const feed = await createFeed(ctx, { connectionId: conn.id, script: 'from lib import outputStream\nfor i in range(3):\n    outputStream.write({"id": i, "a_rather_long_column_name_for_a_phone": "x" * 80})\n' });
    const run = await loadRun(ctx, feed.id);
    await signInUI(page, admin().email, admin().password);
    for (const step of ["connection", "import", "destination", "trigger"]) {
      await page.goto(`/feeds/${feed.id}/edit/${step}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoHorizontalOverflow(page);
    }
    await page.goto(`/runs/${run.id}`);
    await expect(page.getByTestId("run-status")).toContainText("Succeeded");
    await expectNoHorizontalOverflow(page);
  });
});

test.describe("at 1280x800", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("no menu button; the sidebar's column is as tall as a long page; the wizard and a run page fit", async ({ page }) => {
    const ctx = await asAdmin();
    const conn = await createConnection(ctx, { authType: "none" });
    const feed = await createFeed(ctx, { connectionId: conn.id, script: 'from lib import outputStream\noutputStream.write({"id": 1})\n' });
    const run = await loadRun(ctx, feed.id);
    await signInUI(page, admin().email, admin().password);
    await expect(page.getByRole("button", { name: "Open menu" })).toBeHidden();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
    await page.goto(`/runs/${run.id}`);
    await expect(page.getByTestId("run-status")).toContainText("Succeeded");
    await expectNoHorizontalOverflow(page);
    const heights = await page.evaluate(() => ({ page: document.documentElement.scrollHeight, aside: document.querySelector("aside")!.getBoundingClientRect().height }));
    expect(heights.aside).toBeGreaterThanOrEqual(heights.page - 1);
    for (const step of ["connection", "import", "destination", "trigger"]) {
      await page.goto(`/feeds/${feed.id}/edit/${step}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoHorizontalOverflow(page);
    }
  });

  test("the cancel-run dialog says Keep running and Cancel run, and Esc closes it", async ({ page }) => {
    const ctx = await asAdmin();
    const conn = await createConnection(ctx, { authType: "none" });
    // The run holds until the test raises its flag (it never does: the run is cancelled), so it
    // cannot end on its own on a fast or a slow machine.
    const marker = feedName("hold");
    const draft = await createFeed(ctx, {
      status: "draft",
      connectionId: conn.id,
      script: `import time\nimport requests\nfrom lib import outputStream\noutputStream.write({"i": 0})\nwhile not requests.get("${api.url}/flags?name=${marker}").json()["set"]:\n    time.sleep(0.2)\n`,
    });
    // A test of this script would hold too: vouch for it instead, and activate.
    await vouchForScript(ctx, draft.id, {}, "it holds until cancelled");
    const activated = await ctx.patch(`/api/feeds/${draft.id}`, { data: { status: "active" } });
    expect(activated.status(), await activated.text()).toBe(200);
    const feed = draft;
    const started = await (await ctx.post(`/api/feeds/${feed.id}/runs`, { data: {} })).json();
    await signInUI(page, admin().email, admin().password);
    await page.goto(`/runs/${started.id}`);
    await expect(page.getByTestId("run-status")).toContainText("Running", { timeout: 60_000 });
    await page.getByRole("button", { name: "Cancel run" }).click();
    const dialog = page.getByRole("dialog", { name: `Cancel run #${started.id}?` });
    await expect(dialog.getByRole("button", { name: "Keep running" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("run-status")).toContainText("Running");
    await page.getByRole("button", { name: "Cancel run" }).click();
    await dialog.getByRole("button", { name: "Cancel run" }).click();
    await expect(page.getByTestId("run-status")).toContainText("Cancelled", { timeout: 30_000 });
  });

  test("a fresh load asks for no missing file: the app icon is served", async ({ page }) => {
    const missing: string[] = [];
    page.on("response", (res) => {
      if (res.status() === 404) missing.push(res.url());
    });
    await signInUI(page, admin().email, admin().password);
    await page.reload();
    const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
    expect(icon).toMatch(/icon/);
    const res = await page.request.get(icon!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/svg/);
    expect(missing).toEqual([]);
  });

  test("a toast stays while the pointer is on it and while it has focus, and goes when they leave", async ({ page }) => {
    const user = await createUser(await asAdmin(), "viewer");
    // Fake timers that still flow in real time: runFor() jumps past the toast's 4.5 s without sleeping.
    await page.clock.install();
    await signInUI(page, admin().email, admin().password);
    await page.goto("/settings/users");
    await page.getByRole("button", { name: `End sessions of ${user.email}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "End sessions" }).click();
    const toast = page.getByRole("status").filter({ hasText: `${user.email} is signed out everywhere` });
    await toast.hover();
    await expect(toast).toHaveAttribute("data-paused", "true");
    // Longer than a success toast's 4.5 s: only a pause keeps it on screen.
    await page.clock.runFor(6_000);
    await expect(toast).toBeVisible();
    await toast.getByRole("button", { name: "Close notification" }).focus();
    await page.mouse.move(0, 0);
    await expect(toast).toHaveAttribute("data-paused", "true");
    await page.clock.runFor(6_000);
    await expect(toast).toBeVisible();
    await page.locator("h1").click();
    await expect(toast).not.toHaveAttribute("data-paused", "true");
    await page.clock.runFor(5_000);
    await expect(toast).toBeHidden();
  });
});
