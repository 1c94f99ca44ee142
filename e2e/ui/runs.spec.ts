import { expect, test } from "@playwright/test";
import { admin, asAdmin } from "../support/api";
import { createConnection, createFeed, loadRun, waitForRun } from "../support/feeds";
import { startTestApi, type TestApi } from "../support/test-api";
import { shot, signInUI } from "../support/ui";

// The run page: live status and logs, the error when it fails, preview, watcher deliveries, Cancel.

let api: TestApi;
test.beforeAll(async () => {
  api = await startTestApi();
});
test.afterAll(async () => api.close());

test("a failing script shows its error prominently on the run page", async ({ page }, testInfo) => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, {
    connectionId: conn.id,
    script: 'from lib import outputStream\noutputStream.write({"a": 1})\nraise RuntimeError("upstream returned garbage")\n',
  });
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feed.id}`);
  await page.getByRole("button", { name: "Run now" }).click();
  await page.getByRole("button", { name: "View run" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const status = page.getByTestId("run-status");
  await expect(status).toContainText("Failed", { timeout: 60_000 });
  const alert = page.getByRole("alert").filter({ hasText: "RuntimeError: upstream returned garbage" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("exception");
  await expect(page.getByRole("log", { name: "Run log" })).toContainText("Traceback");
  await shot(page, testInfo, "run-page-failed");

  // After a reload the log comes from storage, page by page.
  await page.reload();
  await expect(page.getByRole("log", { name: "Run log" })).toContainText("RuntimeError: upstream returned garbage");
  await expect(page.getByRole("region", { name: "Watcher deliveries" })).toBeVisible();
});

test("a running run streams its log live and can be cancelled", async ({ page }) => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, {
    connectionId: conn.id,
    script: 'import time\nfrom lib import outputStream\nfor i in range(120):\n    print(f"tick {i}", flush=True)\n    outputStream.write({"i": i})\n    time.sleep(0.5)\n',
  });
  const started = await (await ctx.post(`/api/feeds/${feed.id}/runs`, { data: {} })).json();
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/runs/${started.id}`);
  const log = page.getByRole("log", { name: "Run log" });
  await expect(log).toContainText("tick 2", { timeout: 60_000 });
  await expect(page.getByTestId("run-status")).toContainText("Running");
  await expect(log).toContainText("tick 4");
  await page.getByRole("button", { name: "Cancel run" }).click();
  await page.getByRole("dialog", { name: `Cancel run #${started.id}?` }).getByRole("button", { name: "Cancel run" }).click();
  await expect(page.getByTestId("run-status")).toContainText("Cancelled", { timeout: 30_000 });
  const run = await waitForRun(ctx, started.id);
  expect(run.status).toBe("cancelled");
});

test("a finished run shows its preview as JSON and a table, and its watcher deliveries", async ({ page }, testInfo) => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, {
    connectionId: conn.id,
    script: `import requests\nfrom lib import outputStream\nfor r in requests.get("${api.url}/get-data?from=1&limit=12").json()["data"]:\n    outputStream.write(r)\n`,
    watchers: [{ url: `${api.url}/watcher`, onSuccess: true, onFailure: true }],
  });
  const run = await loadRun(ctx, feed.id);
  expect(run).toMatchObject({ status: "succeeded", records: 12 });
  await expect.poll(async () => ((await (await ctx.get(`/api/runs/${run.id}`)).json()).notifications ?? []).length).toBe(1);

  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feed.id}`);
  await page.getByRole("table", { name: "Run history" }).getByRole("link", { name: `Run #${run.id}` }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${run.id}$`));
  await expect(page.getByTestId("run-status")).toContainText("Succeeded");
  await expect(page.getByRole("tabpanel")).toContainText('"name": "item 10"');
  await expect(page.getByRole("tabpanel")).not.toContainText("item 11");
  await page.getByRole("tab", { name: "TABULAR" }).click();
  await expect(page.getByRole("tabpanel").locator("tbody tr")).toHaveCount(10);
  const deliveries = page.getByRole("table", { name: "Watcher deliveries" });
  await expect(deliveries).toContainText(`${api.url}/watcher`);
  await expect(deliveries).toContainText("Delivered (200)");
  await expect(deliveries).toContainText("run.succeeded");
  await shot(page, testInfo, "run-page");
  await page.emulateMedia({ colorScheme: "dark" });
  await shot(page, testInfo, "run-page-dark");
});

test("the run history pages ten runs at a time and links each to its run page", async ({ page }) => {
  test.setTimeout(180_000);
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: 'from lib import outputStream\noutputStream.write({"a": 1})\n' });
  const ids: number[] = [];
  // One after another: a run requested while one is queued would join it (one run per feed at a time).
  for (let i = 0; i < 11; i++) ids.push((await loadRun(ctx, feed.id)).id);

  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feed.id}`);
  const history = page.getByRole("table", { name: "Run history" });
  await expect(page.getByText("Page 1 of 2 · 11 runs")).toBeVisible();
  await expect(history.locator("tbody tr")).toHaveCount(10);
  await expect(history).toContainText(`Run #${ids[10]}`);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Page 2 of 2 · 11 runs")).toBeVisible();
  await expect(history.locator("tbody tr")).toHaveCount(1);
  await history.getByRole("link", { name: `Run #${ids[0]}` }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${ids[0]}$`));
  await expect(page.getByRole("heading", { name: `Run #${ids[0]}` })).toBeVisible();
});

test("while a run goes its counts and duration move, and the page follows it to its end", async ({ page }) => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  // 100 records a second for 8 seconds, then a failure: nothing is loaded.
  const feed = await createFeed(ctx, {
    connectionId: conn.id,
    script:
      'import time\nfrom lib import outputStream\nfor b in range(8):\n    for i in range(100):\n        outputStream.write({"b": b, "i": i})\n    outputStream.flush()\n    print(f"batch {b}", flush=True)\n    time.sleep(1)\nraise RuntimeError("gave up after eight batches")\n',
  });
  const started = await (await ctx.post(`/api/feeds/${feed.id}/runs`, { data: {} })).json();
  await waitForRun(ctx, started.id, 60_000, (r) => r.status === "running");
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/runs/${started.id}`);
  const written = page.getByTestId("run-records-written");
  const duration = page.getByTestId("run-duration");
  const count = async () => Number((await written.innerText()).replace(/\D/g, ""));
  await expect(page.getByTestId("run-status")).toContainText("Running", { timeout: 30_000 });
  await expect.poll(count, { timeout: 30_000 }).toBeGreaterThanOrEqual(100);
  const first = await count();
  const firstDuration = await duration.innerText();
  // Without a reload: the figures move on their own.
  await expect.poll(count, { timeout: 30_000 }).toBeGreaterThan(first);
  await expect(duration).not.toHaveText(firstDuration, { timeout: 10_000 });
  await expect(page.getByTestId("run-records-loaded")).toHaveText("0");
  await expect(page.getByTestId("run-status")).toContainText("Failed", { timeout: 60_000 });
  await expect(written).toHaveText("800");
  await expect(page.getByTestId("run-records-loaded")).toHaveText("0");
  await expect(page.getByRole("alert").filter({ hasText: "gave up after eight batches" })).toBeVisible();
  const run = await waitForRun(ctx, started.id);
  expect(run).toMatchObject({ status: "failed", recordsWritten: 800, recordsLoaded: 0 });
});
