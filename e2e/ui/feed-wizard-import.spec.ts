import { expect, test, type Page } from "@playwright/test";
import { FEED_NAME_RULES } from "../../lib/feeds/name-rules";
import { admin, asAdmin } from "../support/api";
import { createConnection, feedName, seedScriptGetData } from "../support/feeds";
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
