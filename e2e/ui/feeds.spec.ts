import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { admin, asAdmin, createUser } from "../support/api";
import { createConnection, createFeed, feedName, incrementalScript, loadRun, waitForRun, warehouseRows } from "../support/feeds";
import { BASIC_PASSWORD, BASIC_USER, CUSTOM_API_KEY, startTestApi, type TestApi } from "../support/test-api";
import { shot, signInUI } from "../support/ui";

// End to end: a feed per auth type made in the wizard loads into the SQLite warehouse; the feeds
// page (filters, tags, pause, delete); the feed page's state; a viewer can look but not touch.

let api: TestApi;
test.beforeAll(async () => {
  api = await startTestApi();
});
test.afterAll(async () => api.close());

/** Replaces the editor's content: focus it, select all, type the text in one go (no auto-indent). */
async function setScript(page: Page, text: string) {
  const editor = page.getByRole("textbox", { name: "Script", exact: true });
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
  await expect(editor).toContainText(text.trim().split("\n").at(-1)!.trim());
}

const CUSTOM = {
  authType: "custom",
  method: "POST",
  headers: [{ key: "X-Api-Key", value: CUSTOM_API_KEY, secret: true }],
  body: JSON.stringify({ client_id: "switchyard", client_secret: "client-secret-Planted-55" }),
  secretBodyKeys: ["client_secret"],
};

/** Connection -> Import Configuration (tested) -> Destination -> Trigger (none) -> the feed page. */
async function wizardFeed(page: Page, connectionName: string, script: string, name: string): Promise<number> {
  await page.goto("/feeds/new");
  await expect(page).toHaveURL(/\/feeds\/\d+\/edit\/connection$/);
  const id = Number(/\/feeds\/(\d+)\//.exec(page.url())![1]);
  const select = page.getByLabel("Select Connection");
  await select.selectOption((await select.locator("option", { hasText: `${connectionName} ·` }).getAttribute("value"))!);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/\/edit\/import$/);
  await setScript(page, script);
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByText(/Test passed: 10 records/)).toBeVisible({ timeout: 60_000 });
  await page.getByLabel("Feed Name").fill(name);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/\/edit\/destination$/);
  await expect(page.getByText(`Target table: ${name.toLowerCase()}`)).toBeVisible();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/\/edit\/trigger$/);
  await page.getByRole("radio", { name: "No trigger (run manually)" }).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(new RegExp(`/feeds/${id}$`));
  await expect(page.getByText(`Feed ${name} is active`)).toBeVisible();
  return id;
}

async function lastRunId(ctx: APIRequestContext, feedId: number): Promise<number> {
  await expect.poll(async () => (await (await ctx.get(`/api/feeds/${feedId}/runs`)).json()).total).toBeGreaterThan(0);
  return (await (await ctx.get(`/api/feeds/${feedId}/runs`)).json()).runs[0].id;
}

test("a feed for each auth type, made in the wizard, loads its records into the SQLite warehouse", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const ctx = await asAdmin();
  const kinds = [
    { label: "none", connection: { authType: "none" }, prefix: "" },
    { label: "basic", connection: { authType: "basic", username: BASIC_USER, password: BASIC_PASSWORD }, prefix: "/basic" },
    { label: "custom", connection: { ...CUSTOM, authUrl: `${api.url}/auth` }, prefix: "/bearer" },
  ];
  await signInUI(page, admin().email, admin().password);
  for (const kind of kinds) {
    const conn = await createConnection(ctx, kind.connection);
    const name = feedName(`Load_${kind.label}`);
    const id = await wizardFeed(page, conn.name, incrementalScript(api.url, kind.prefix), name);
    await page.getByRole("button", { name: "Run now" }).click();
    await expect(page.getByText(/Run #\d+ of .* queued/)).toBeVisible();
    const run = await waitForRun(ctx, await lastRunId(ctx, id));
    expect(run, kind.label).toMatchObject({ status: "succeeded", records: 25 });
    const rows = warehouseRows(name.toLowerCase());
    expect(rows, kind.label).toHaveLength(25);
    expect(rows[24]).toMatchObject({ id: 25, name: "item 25" });
    await expect(page.getByRole("table", { name: "Run history" })).toContainText("Succeeded");
    if (kind.label === "custom") await shot(page, testInfo, "feed-page");
  }
});

test("the feeds page: filters in the URL, tags, pause and resume, delete with confirmation", async ({ page }, testInfo) => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const tag = feedName("tag").toLowerCase().slice(0, 20);
  const script = `from lib import outputStream\noutputStream.write({"a": 1})\n`;
  const active = await createFeed(ctx, { connectionId: conn.id, script, tags: [tag], trigger: { type: "schedule", mode: "interval", every: 1, unit: "hours", timezone: "UTC" } });
  const other = await createFeed(ctx, { connectionId: conn.id, script, tags: [tag] });
  await loadRun(ctx, active.id);

  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds?tag=${tag}`);
  await expect(page.getByLabel("Tag", { exact: true })).toHaveValue(tag);
  const row = (name: string) => page.getByRole("row").filter({ hasText: name });
  await expect(row(active.name)).toContainText(conn.name);
  await expect(row(active.name)).toContainText("Active");
  await expect(row(active.name)).toContainText("Succeeded");
  await expect(row(active.name)).toContainText("1 record");
  await expect(row(active.name)).toContainText(/in (under a minute|\d+ minutes|1 hour)/);
  await expect(row(other.name)).toBeVisible();
  await shot(page, testInfo, "feeds-page");
  await page.setViewportSize({ width: 1024, height: 800 });
  await shot(page, testInfo, "feeds-page-1024");
  await page.setViewportSize({ width: 1280, height: 800 });

  // Pause one: it shows Paused, and the status filter (kept in the URL) finds it.
  await page.getByRole("button", { name: `Pause ${active.name}` }).click();
  await expect(row(active.name)).toContainText("Paused");
  await page.getByLabel("Status").selectOption("paused");
  await expect(page).toHaveURL(new RegExp(`status=paused`));
  await expect(page).toHaveURL(new RegExp(`tag=${tag}`));
  await expect(row(other.name)).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel("Status")).toHaveValue("paused");
  await expect(row(active.name)).toBeVisible();
  await page.getByRole("button", { name: `Resume ${active.name}` }).click();
  await expect(page.getByText("No feeds match these filters")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL(/\/feeds$/);

  // Tags: add one in the dialog, then filter by clicking it.
  const extra = `${tag}x`;
  await page.getByRole("button", { name: `Edit tags of ${other.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Tags of ${other.name}` });
  await dialog.getByLabel("Tags").fill(extra);
  await dialog.getByLabel("Tags").press("Enter");
  await dialog.getByRole("button", { name: "Save tags" }).click();
  await expect(dialog).toBeHidden();
  expect((await (await ctx.get(`/api/feeds/${other.id}`)).json()).tags).toEqual([tag, extra]);
  await row(other.name).getByRole("button", { name: `Show feeds tagged ${extra}` }).click();
  await expect(page).toHaveURL(new RegExp(`tag=${extra}`));
  await expect(row(active.name)).toHaveCount(0);

  // Delete asks first.
  await page.getByRole("button", { name: `Delete ${other.name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Delete ${other.name}?` });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(row(other.name)).toBeVisible();
  await page.getByRole("button", { name: `Delete ${other.name}` }).click();
  await confirm.getByRole("button", { name: "Delete feed" }).click();
  await expect(row(other.name)).toHaveCount(0);
  expect((await ctx.get(`/api/feeds/${other.id}`)).status()).toBe(404);
});

test("the feed page shows the incremental state; Edit and Reset confirm what the next run will do", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: incrementalScript(api.url) });
  expect(await loadRun(ctx, feed.id)).toMatchObject({ status: "succeeded", records: 25 });

  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feed.id}`);
  const state = page.getByTestId("feed-state");
  await expect(state).toContainText('"next_id": 26');
  for (const stage of ["Connection", "Import Configuration", "Destination", "Trigger"]) {
    await expect(page.getByRole("link", { name: `Edit ${stage}` })).toHaveAttribute("href", new RegExp(`/feeds/${feed.id}/edit/`));
  }

  await page.getByRole("button", { name: "Edit state" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit the incremental state" });
  const text = dialog.getByLabel("State (JSON)");
  await text.fill("[1, 2]");
  await expect(dialog.getByText("The state must be a JSON object")).toBeVisible();
  await text.fill('{"next_id": ');
  await expect(dialog.getByText(/Invalid JSON/)).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Review" })).toBeDisabled();
  await text.fill('{"next_id": 21}');
  await dialog.getByRole("button", { name: "Review" }).click();
  await expect(dialog).toContainText('The next run starts from {"next_id":21}');
  await dialog.getByRole("button", { name: "Save state" }).click();
  await expect(state).toContainText('"next_id": 21');
  expect((await (await ctx.get(`/api/feeds/${feed.id}/state`)).json()).state).toEqual({ next_id: 21 });

  // The next run starts from there: ids 21..25 load again.
  await page.getByRole("button", { name: "Run now" }).click();
  const run = await waitForRun(ctx, await lastRunId(ctx, feed.id));
  expect(run.records).toBe(5);
  await expect(state).toContainText('"next_id": 26');

  await page.getByRole("button", { name: "Reset state" }).click();
  const reset = page.getByRole("dialog", { name: "Reset the state?" });
  await expect(reset).toContainText("The next run starts from {} and fetches everything again");
  await shot(page, testInfo, "feed-state-reset");
  await reset.getByRole("button", { name: "Reset state" }).click();
  await expect(state).toHaveText("{}");
  expect((await (await ctx.get(`/api/feeds/${feed.id}/state`)).json()).state).toEqual({});
});

test("a viewer sees feeds, feed pages and runs but can change nothing", async ({ page }) => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: incrementalScript(api.url), tags: ["viewer-check"] });
  const run = await loadRun(ctx, feed.id);
  const viewer = await createUser(ctx, "viewer");

  await signInUI(page, viewer.email, viewer.password);
  await page.goto("/feeds?tag=viewer-check");
  const row = page.getByRole("row").filter({ hasText: feed.name });
  await expect(row).toContainText("Succeeded");
  await expect(page.getByRole("link", { name: "New feed" })).toHaveCount(0);
  await expect(row.getByRole("button")).toHaveCount(1); // only the tag filter chip
  await expect(row.getByRole("link", { name: "View" })).toBeVisible();

  await page.goto(`/feeds/${feed.id}`);
  await expect(page.getByTestId("feed-state")).toContainText('"next_id": 26');
  await expect(page.getByRole("table", { name: "Run history" })).toContainText(`Run #${run.id}`);
  for (const name of ["Run now", "Pause", "Edit state", "Reset state"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^Edit / })).toHaveCount(0);

  await page.goto(`/runs/${run.id}`);
  await expect(page.getByRole("heading", { name: `Run #${run.id}` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);

  for (const path of [`/feeds/new`, `/feeds/${feed.id}/edit/connection`, `/feeds/${feed.id}/edit/import`, `/feeds/${feed.id}/edit/trigger`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
  }
});

test("Run now is off while a run is queued or running, and a double click starts one run", async ({ page }) => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const marker = feedName("release");
  // The run holds until the test raises its flag, however slow the machine is.
  const script = `${incrementalScript(api.url)}\nimport time\nwhile not requests.get("${api.url}/flags?name=${marker}").json()["set"]:\n    time.sleep(0.2)\n`;
  const feed = await createFeed(ctx, { connectionId: conn.id, script });

  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feed.id}`);
  const runNow = page.getByRole("button", { name: "Run now" });
  await runNow.dblclick();
  // Both clicks may reach the server before the button turns off: the second joins the first's run.
  const toasts = page.getByText(/Run #\d+ of .* (queued|was already queued; it runs once)$/);
  await expect(toasts.first()).toBeVisible();
  const named = new Set((await toasts.allTextContents()).map((t) => t.match(/Run #(\d+)/)![1]));
  expect(named.size).toBe(1);
  await expect(runNow).toBeDisabled();
  await expect(runNow).toHaveAttribute("title", /Run #\d+ is (queued|running); one run at a time/);
  // The list says the same on the feed's row (found by search: the suite's server lists more than a page of feeds).
  await page.goto(`/feeds?q=${encodeURIComponent(feed.name)}`);
  await expect(page.getByRole("button", { name: `Run ${feed.name}` })).toBeDisabled();

  api.setFlag(marker);
  const page1 = (await (await ctx.get(`/api/feeds/${feed.id}/runs`)).json()) as { total: number; runs: { id: number }[] };
  expect(page1.total).toBe(1);
  expect((await waitForRun(ctx, page1.runs[0].id)).status).toBe("succeeded");
  await expect(page.getByRole("button", { name: `Run ${feed.name}` })).toBeEnabled();
  // The row says what the run loaded (a failed run would say 0, whatever its script wrote).
  await expect(page.getByRole("link", { name: `Last run #${page1.runs[0].id}: succeeded` })).toContainText("25 records loaded");
});

test("the feeds page's Search by name asks the server and keeps the search in the URL", async ({ page }) => {
  const ctx = await asAdmin();
  const name = feedName("findme");
  const made = await ctx.post("/api/feeds", { data: { name, script: "print(1)", status: "draft" } });
  expect(made.status(), await made.text()).toBe(201);
  await signInUI(page, admin().email, admin().password);
  await page.goto("/feeds");
  const searched = page.waitForRequest((req) => req.url().includes("/api/feeds?") && req.url().includes(`q=${name}`));
  await page.getByLabel("Search feeds").fill(name);
  await searched;
  await expect(page).toHaveURL(new RegExp(`[?&]q=${name}`));
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(1);
  await expect(page.getByText("1 feed match the filters")).toBeVisible();
});
