import { expect, test, type Page, type Route } from "@playwright/test";
import { FEED_NAME_RULES } from "../../lib/feeds/name-rules";
import { describeLimits, LOAD_RUN_LIMITS, TEST_PREVIEW_RECORDS, TEST_RUN_LIMITS } from "../../lib/runners/limits";
import { admin, asAdmin } from "../support/api";
import { createConnection, createFeed, feedName, seedScriptGetData } from "../support/feeds";
import { startTestApi, type TestApi } from "../support/test-api";
import { shot, signInUI } from "../support/ui";

// Step 2: Install Dependency, Language, the script editor with TEST, Logs and Preview, Load Type, Feed Name.

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

async function draftAtImport() {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const draft = await (await ctx.post("/api/feeds", { data: { connectionId: conn.id, wizardStep: "import" } })).json();
  return { ctx, feedId: draft.id as number };
}

const FAILING = 'from lib import outputStream\noutputStream.write({"a": 1})\nraise RuntimeError("upstream returned garbage")\n';

test("every feed-name rule shows its message as you type", async ({ page }) => {
  const { feedId } = await draftAtImport();
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feedId}/edit/import`);
  const name = page.getByLabel("Feed Name");
  const rules = page.getByRole("list", { name: "Name requirements" });
  const rule = (id: string) => rules.locator(`[data-rule="${id}"]`);
  for (const r of FEED_NAME_RULES) await expect(rule(r.id)).toHaveText(new RegExp(r.message.replace(/[()]/g, "\\$&")));

  const cases: Array<[string, string[]]> = [
    ["9lives_", ["starts_with_letter", "no_trailing_underscore"]],
    ["has-dash", ["alphanumeric"]],
    ["a".repeat(51), ["max_length"]],
    ["_x", ["starts_with_letter"]],
    ["Orders_2024", []],
  ];
  for (const [value, broken] of cases) {
    await name.fill(value);
    for (const r of FEED_NAME_RULES) await expect(rule(r.id), `${value}: ${r.id}`).toHaveAttribute("data-state", broken.includes(r.id) ? "broken" : "met");
    if (broken.length) {
      await expect(name).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByText(`${broken.length} ${broken.length === 1 ? "requirement is" : "requirements are"} not met`)).toBeVisible();
    } else {
      await expect(name).not.toHaveAttribute("aria-invalid", "true");
    }
  }
});

// CI once lost the first chip: the check of a requirement loads its code first, and a second
// requirement typed meanwhile was added to the list as it was before the first.
test("a dependency typed while the one before it is still being checked is kept, after it", async ({ page }) => {
  const { feedId } = await draftAtImport();
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feedId}/edit/import`);
  const deps = page.getByLabel("Install Dependency");
  await expect(deps).toBeEditable();
  // The code the first check loads is held, as on a slow network, until both are typed.
  const held: Route[] = [];
  let hold = true;
  await page.route("**/_next/static/chunks/**", (route) => (hold ? void held.push(route) : route.continue()));
  await deps.fill("requests==2.32.3");
  await deps.press("Enter");
  await expect.poll(() => held.length, { message: "the first check loads code" }).toBeGreaterThan(0);
  await deps.fill("tabulate");
  await deps.press("Tab");
  hold = false;
  for (const route of held) await route.continue();
  const chips = page.getByRole("button", { name: /^Remove / });
  await expect(chips).toHaveCount(2);
  await expect(chips.nth(0)).toHaveAccessibleName("Remove requests==2.32.3");
  await expect(chips.nth(1)).toHaveAccessibleName("Remove tabulate");
  await expect(deps).toHaveValue("");
});

test("Next is blocked until a test of the current script passes; logs, preview and dependency chips", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const { ctx, feedId } = await draftAtImport();
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feedId}/edit/import`);

  // A new script starts from Peak's template.
  const editor = page.getByRole("textbox", { name: "Script", exact: true });
  await expect(editor).toContainText("from lib import outputStream, metadata");
  await expect(editor).toContainText("### Write your fetch logic below.");
  const next = page.getByRole("button", { name: "Next" });
  await expect(next).toBeDisabled();
  await expect(page.getByText("Test the script first: Next unlocks once a test of the current script succeeds.")).toBeVisible();

  // Install Dependency: Enter or Tab adds a chip, each validated and removable.
  const deps = page.getByLabel("Install Dependency");
  await deps.fill("requests==2.32.3");
  await deps.press("Enter");
  await deps.fill("tabulate");
  await deps.press("Tab");
  await expect(deps).toBeFocused();
  await deps.fill("-r /etc/passwd");
  await deps.press("Enter");
  await expect(page.getByText(/Not a pip requirement/)).toBeVisible();
  await deps.fill("");
  await page.getByRole("button", { name: "Remove requests==2.32.3" }).click();
  await page.getByRole("button", { name: "Remove tabulate" }).click();
  await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);

  // A failing script: the error is shown prominently and Next stays blocked.
  await setScript(page, FAILING);
  await page.getByRole("button", { name: "Test", exact: true }).click();
  const error = page.getByRole("alert").filter({ hasText: "The test failed" });
  await expect(error).toContainText("RuntimeError: upstream returned garbage", { timeout: 60_000 });
  await expect(page.getByRole("log", { name: "Run log" })).toContainText("RuntimeError");
  await expect(next).toBeDisabled();
  await expect(page.getByText("The last test failed. Fix the script and test it again.")).toBeVisible();

  // A passing script: live logs, a 10-record preview, and Next unlocks.
  // The print comes first: a test run stops the script once it has 10 records.
  await setScript(page, seedScriptGetData(api.url).replace('data = r.json()["data"]\n', 'data = r.json()["data"]\nprint("fetched", len(data), "records")\n'));
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByText(/Test passed: 10 records/)).toBeVisible({ timeout: 60_000 });
  const log = page.getByRole("log", { name: "Run log" });
  await expect(log).toContainText("fetched 25 records");
  await page.getByRole("button", { name: "Refresh logs" }).click();
  await expect(log).toContainText("fetched 25 records");
  await expect(page.getByRole("tab", { name: "JSON" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel")).toContainText('"name": "item 10"');
  await expect(page.getByRole("tabpanel")).not.toContainText("item 11");
  await page.getByRole("tab", { name: "TABULAR" }).click();
  const table = page.getByRole("tabpanel").getByRole("table");
  await expect(table.getByRole("columnheader", { name: "price" })).toBeVisible();
  await expect(table.locator("tbody tr")).toHaveCount(10);
  await expect(next).toBeEnabled();
  expect((await (await ctx.get(`/api/feeds/${feedId}`)).json()).scriptTested).toBe(true);
  await page.getByLabel("Feed Name").fill(feedName("Wizard_Import"));
  await shot(page, testInfo, "wizard-import");
  await page.emulateMedia({ colorScheme: "dark" });
  await shot(page, testInfo, "wizard-import-dark");
  await page.emulateMedia({ colorScheme: "light" });

  // Any edit to the script blocks Next again until it is tested.
  await editor.click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("# changed\n");
  await expect(next).toBeDisabled();
  await expect(page.getByText("The script changed since its last successful test. Test it again to continue.")).toBeVisible();
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(next).toBeEnabled({ timeout: 60_000 });

  await page.getByRole("radio", { name: "Truncate and Insert" }).check();
  await next.click();
  await expect(page).toHaveURL(new RegExp(`/feeds/${feedId}/edit/destination$`));
  const saved = await (await ctx.get(`/api/feeds/${feedId}`)).json();
  expect(saved).toMatchObject({ loadType: "truncate_insert", wizardStep: "destination", scriptTested: true });
  expect(saved.script).toContain("# changed");

  // A reload in the middle of the wizard resumes where it was, with the script kept.
  await page.goto(`/feeds/${feedId}/edit`);
  await expect(page).toHaveURL(new RegExp(`/feeds/${feedId}/edit/destination$`));
  await page.goto(`/feeds/${feedId}/edit/import`);
  await expect(editor).toContainText("# changed");
  await expect(next).toBeEnabled();
});

test("JavaScript scripts get the JavaScript template and test like Python ones", async ({ page }) => {
  test.setTimeout(90_000);
  const { feedId } = await draftAtImport();
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feedId}/edit/import`);
  await page.getByRole("radio", { name: "JavaScript" }).check();
  const editor = page.getByRole("textbox", { name: "Script", exact: true });
  await expect(editor).toContainText('import { outputStream, metadata } from "lib";');
  await expect(page.getByLabel("Install Dependency")).toHaveCount(0);
  await setScript(
    page,
    `import { outputStream, metadata } from "lib";
const res = await fetch("${api.url}/get-data?from=1&limit=3");
const { data } = await res.json();
for (const r of data) outputStream.write({ ...r, js: true });
console.log("wrote", data.length);
`,
  );
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByText(/Test passed: 3 records/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("tabpanel")).toContainText('"js": true');
  await expect(page.getByRole("button", { name: "Next" })).toBeEnabled();
});

test("the server's name check: a taken name is reported on the field and the typed values stay", async ({ page }) => {
  const { ctx, feedId } = await draftAtImport();
  const taken = feedName("Taken");
  await ctx.post("/api/feeds", { data: { name: taken } });
  await ctx.patch(`/api/feeds/${feedId}`, { data: { script: seedScriptGetData(api.url) } });
  expect((await ctx.post(`/api/feeds/${feedId}/test?wait=true`, { data: {} })).status()).toBe(200);

  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feedId}/edit/import`);
  const next = page.getByRole("button", { name: "Next" });
  await expect(next).toBeEnabled();
  await next.click();
  await expect(page.getByText("Enter a feed name")).toBeVisible();
  await page.getByLabel("Feed Name").fill(taken.toUpperCase());
  await next.click();
  await expect(page.getByText("This name is already taken")).toBeVisible();
  await expect(page.getByLabel("Feed Name")).toHaveValue(taken.toUpperCase());
  await expect(page).toHaveURL(new RegExp(`/feeds/${feedId}/edit/import$`));
});

test("Test on an active feed runs the edits without saving them; they stay a draft, restored after a reload, until Next", async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const live = 'from lib import outputStream\noutputStream.write({"v": "live"})\n';
  const feed = await createFeed(ctx, { connectionId: conn.id, script: live });
  const saved = await (await ctx.get(`/api/feeds/${feed.id}`)).json();
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feed.id}/edit/import`);
  await expect(page.getByText("This feed is active: Test runs your edits without saving them")).toBeVisible();
  const next = page.getByRole("button", { name: "Next" });
  await expect(next).toBeEnabled();

  // A syntax error, tested: the test fails, the live feed is exactly as it was.
  await setScript(page, 'from lib import outputStream\noutputStream.write({"v": \n');
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The test failed" })).toBeVisible({ timeout: 60_000 });
  await expect(next).toBeDisabled();
  expect(await (await ctx.get(`/api/feeds/${feed.id}`)).json()).toMatchObject({ script: live, scriptTested: true, updatedAt: saved.updatedAt });

  // A reload keeps the edits and says so; Discard goes back to the saved script.
  await page.reload();
  const restored = page.getByTestId("draft-restored");
  await expect(restored).toContainText("Unsaved edits restored");
  const editor = page.getByRole("textbox", { name: "Script", exact: true });
  await expect(editor).toContainText('outputStream.write({"v": ');
  await restored.getByRole("button", { name: "Discard edits" }).click();
  await expect(editor).toContainText('outputStream.write({"v": "live"})');
  await expect(restored).toHaveCount(0);

  // A passing edit: tested unsaved, kept through a reload with its passed test, saved by Next.
  const edited = 'from lib import outputStream\noutputStream.write({"v": "edited"})\n';
  await setScript(page, edited);
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByText(/Test passed: 1 record/)).toBeVisible({ timeout: 60_000 });
  await expect(next).toBeEnabled();
  expect((await (await ctx.get(`/api/feeds/${feed.id}`)).json()).script).toBe(live);
  await page.reload();
  await expect(page.getByTestId("draft-restored")).toBeVisible();
  await expect(editor).toContainText('"edited"');
  await expect(next).toBeEnabled();
  await shot(page, testInfo, "wizard-import-live-draft");
  await next.click();
  await expect(page).toHaveURL(new RegExp(`/feeds/${feed.id}/edit/destination$`));
  expect(await (await ctx.get(`/api/feeds/${feed.id}`)).json()).toMatchObject({ script: edited, status: "active", scriptTested: true });
  await page.goto(`/feeds/${feed.id}/edit/import`);
  await expect(editor).toContainText('"edited"');
  await expect(page.getByText("This feed is active")).toBeVisible();
  await expect(page.getByTestId("draft-restored")).toHaveCount(0);
});

test("the test's limits show before it starts; a 12-record script that keeps working passes at 10; Stop cancels a test", async ({ page }) => {
  test.setTimeout(120_000);
  const { feedId } = await draftAtImport();
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feedId}/edit/import`);
  const limits = page.getByTestId("test-limits");
  await expect(limits).toContainText(`once the script has written ${TEST_PREVIEW_RECORDS} records`);
  await expect(limits).toContainText(describeLimits(TEST_RUN_LIMITS));

  await setScript(page, 'import time\nfrom lib import outputStream\nfor i in range(12):\n    outputStream.write({"i": i})\ntime.sleep(60)\n');
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByText(/Test passed: 10 records/)).toBeVisible({ timeout: 20_000 });

  await setScript(page, 'import time\nprint("waiting", flush=True)\ntime.sleep(60)\n');
  await page.getByRole("button", { name: "Test", exact: true }).click();
  await expect(page.getByRole("log", { name: "Run log" })).toContainText("waiting", { timeout: 30_000 });
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The test was cancelled" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("button", { name: "Stop", exact: true })).toHaveCount(0);
});

test("the Script API reference and the template follow the connection's auth type; Truncate and Insert with metadata is warned about", async ({ page }) => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "basic", username: "reader", password: `pw-${feedName("x")}` });
  const draft = await (await ctx.post("/api/feeds", { data: { connectionId: conn.id, wizardStep: "import" } })).json();
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${draft.id}/edit/import`);
  const editor = page.getByRole("textbox", { name: "Script", exact: true });
  await expect(editor).toContainText("from lib import outputStream, metadata, connection");
  await expect(editor).toContainText("headers=connection.headers");

  await page.getByRole("button", { name: "Script API" }).click();
  const ref = page.getByRole("complementary", { name: "Script API reference" });
  for (const text of ["outputStream.write(record)", 'metadata.get("next_id", 1)', "metadata.save(obj)", "connection (this feed: Basic Auth)", "connection.username", "connection.password", "connection.headers"]) {
    await expect(ref).toContainText(text);
  }
  await expect(ref).toContainText(describeLimits(TEST_RUN_LIMITS));
  await expect(ref).toContainText(describeLimits(LOAD_RUN_LIMITS));
  await ref.getByText("The other auth types").click();
  for (const text of ["connection.auth.status", "connection.auth.headers", "connection.auth.body", 'connection.auth.json["access_token"]']) await expect(ref).toContainText(text);

  // JavaScript: its template and its reference.
  await page.getByRole("radio", { name: "JavaScript" }).check();
  await expect(editor).toContainText('import { outputStream, metadata, connection } from "lib";');
  await expect(ref).toContainText('import { outputStream, metadata, connection } from "lib";');
  await expect(ref).toContainText("connection.auth.json.access_token");

  // The template's comments mention metadata.save; only a script that calls it is warned about.
  await page.getByRole("radio", { name: "Truncate and Insert" }).check();
  const warning = page.getByTestId("truncate-metadata-warning");
  await expect(warning).toHaveCount(0);
  await setScript(page, 'import { outputStream, metadata } from "lib";\noutputStream.write({ a: 1 });\nmetadata.save({ since: 1 });\n');
  await expect(warning).toContainText("a run that resumes from the metadata and finds nothing new leaves the table empty");
  await page.getByRole("radio", { name: "Incremental" }).check();
  await expect(warning).toHaveCount(0);
});
