import { expect, test, type APIRequestContext } from "@playwright/test";
import { admin, asAdmin, bare } from "../support/api";
import { createConnection, feedName, testRun, waitForRun } from "../support/feeds";
import { startTestApi, type TestApi } from "../support/test-api";
import { shot, signInUI } from "../support/ui";

// Step 4: Schedule (Basic / Advanced with its live next runs), Webhook, Run Once, none; watchers; SAVE activates.

let api: TestApi;
test.beforeAll(async () => {
  api = await startTestApi();
});
test.afterAll(async () => api.close());

async function draftAtTrigger(ctx: APIRequestContext) {
  const conn = await createConnection(ctx, { authType: "none" });
  const name = feedName("Trig");
  const res = await ctx.post("/api/feeds", {
    data: {
      name,
      connectionId: conn.id,
      script: `import requests\nfrom lib import outputStream\nfor r in requests.get("${api.url}/get-data?from=1&limit=5").json()["data"]:\n    outputStream.write(r)\n`,
      destinations: ["sqlite"],
      wizardStep: "trigger",
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const draft = await res.json();
  // As the Import step requires: the script passed a test (Save activates only a tested script).
  expect((await testRun(ctx, draft.id)).status).toBe("succeeded");
  return { ...draft, name } as { id: number; name: string };
}

test("a cron expression shows its next five runs in the chosen zone; a wrong one shows its error", async ({ page }, testInfo) => {
  const ctx = await asAdmin();
  const feed = await draftAtTrigger(ctx);
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feed.id}/edit/trigger`);
  await page.getByRole("radio", { name: "Schedule" }).check();
  await page.getByRole("radio", { name: "Advanced" }).check();
  await page.getByLabel("Time zone").selectOption("Europe/London");
  await page.getByLabel("Cron expression").fill("0 30 9 ? * MON-FRI");
  const preview = page.getByRole("region", { name: "Next 5 runs" });
  const times = preview.getByRole("list", { name: "Next runs" }).locator("time");
  // The preview follows the typing (debounced); wait for this expression's runs.
  await expect(preview).toContainText("As cron: 0 30 9 ? * MON-FRI (Europe/London)");
  await expect(preview.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(times).toHaveCount(5);
  for (const iso of await times.evaluateAll((els) => els.map((e) => e.getAttribute("datetime")!))) {
    const d = new Date(iso);
    expect([1, 2, 3, 4, 5]).toContain(d.getUTCDay());
    expect(d.getUTCMinutes()).toBe(30);
    expect([8, 9]).toContain(d.getUTCHours());
  }
  await expect(times.first()).toContainText(/09:30/);
  await shot(page, testInfo, "wizard-trigger-cron");

  await page.getByLabel("Cron expression").fill("61 * * * *");
  await expect(preview.getByRole("alert")).toContainText(/61/);
  await expect(times).toHaveCount(0);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel("Cron expression")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(new RegExp(`/feeds/${feed.id}/edit/trigger$`));

  await page.getByLabel("Cron expression").fill("*/15 * * * *");
  await expect(preview).toContainText("As cron: */15 * * * *");
  await expect(times).toHaveCount(5);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(new RegExp(`/feeds/${feed.id}$`));
  await expect(page.getByText(`Feed ${feed.name} is active`)).toBeVisible();
  const saved = await (await ctx.get(`/api/feeds/${feed.id}`)).json();
  expect(saved).toMatchObject({ status: "active", trigger: { type: "schedule", mode: "cron", cron: "*/15 * * * *", timezone: "Europe/London" } });
  expect(saved.nextRuns).toHaveLength(5);
});

test("a webhook feed shows its URL and secret once; the curl example starts a run; the secret can be rotated", async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const ctx = await asAdmin();
  const feed = await draftAtTrigger(ctx);
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feed.id}/edit/trigger`);
  await page.getByRole("radio", { name: "Webhook" }).check();
  await page.getByRole("button", { name: "Save" }).click();

  const dialog = page.getByRole("dialog", { name: "Webhook ready" });
  await expect(dialog).toBeVisible();
  const url = await dialog.getByLabel("Webhook URL").inputValue();
  const secret = await dialog.getByLabel("Webhook secret").inputValue();
  expect(url).toMatch(new RegExp(`/api/hooks/feeds/${feed.id}$`));
  expect(secret).toMatch(/^whsec_/);
  await expect(dialog.getByRole("button", { name: "Copy URL" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Copy secret" })).toBeVisible();
  const curl = await dialog.getByTestId("webhook-curl").textContent();
  expect(curl).toBe(`curl -X POST -H "X-Webhook-Secret: ${secret}" ${url}`);
  await shot(page, testInfo, "wizard-trigger-webhook");

  // The same request as the curl example.
  const [, header, target] = /-H "([^"]+)" (\S+)$/.exec(curl!)!;
  const [headerName, headerValue] = header.split(": ");
  const res = await request.post(target, { headers: { [headerName]: headerValue } });
  expect(res.status(), await res.text()).toBe(202);
  const run = await waitForRun(ctx, (await res.json()).id);
  expect(run).toMatchObject({ status: "succeeded", trigger: "webhook", records: 5 });

  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page).toHaveURL(new RegExp(`/feeds/${feed.id}$`));
  // Shown once: the feed page offers rotation instead.
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await page.getByRole("dialog", { name: "Rotate the webhook secret?" }).getByRole("button", { name: "Rotate secret" }).click();
  const rotated = await page.getByLabel("Webhook secret", { exact: true }).inputValue();
  expect(rotated).not.toBe(secret);
  const anon = await bare();
  expect((await anon.post(url, { headers: { "X-Webhook-Secret": secret } })).status()).toBe(401);
  expect((await anon.post(`${url}?secret=${rotated}`)).status()).toBe(202);
});

test("an interval out of range is explained under the Every field as it is typed, in words, not schema text", async ({ page }) => {
  const ctx = await asAdmin();
  const feed = await draftAtTrigger(ctx);
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feed.id}/edit/trigger`);
  await page.getByRole("radio", { name: "At an interval" }).check();
  const every = page.getByLabel("Every");
  const preview = page.getByRole("region", { name: "Next 5 runs" });
  for (const [value, message] of [["1001", "At most 1000"], ["1.5", "Use a whole number"], ["0", "At least 1"]] as const) {
    await every.fill(value);
    // Under the field, before any Save, and named in the preview beside it.
    await expect(every).toHaveAttribute("aria-invalid", "true");
    await expect(every).toHaveAccessibleDescription(message);
    await expect(preview.getByRole("alert")).toHaveText(`Every: ${message}`);
  }
  await expect(preview).not.toContainText(/expected|Too big|Invalid input/);
  await every.fill("15");
  await expect(preview.locator("time")).toHaveCount(5);
  await expect(every).not.toHaveAttribute("aria-invalid", "true");
});

test("Basic schedules: an interval, days and time; watchers; pausing stops the scheduled runs", async ({ page }, testInfo) => {
  const ctx = await asAdmin();
  const feed = await draftAtTrigger(ctx);
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feed.id}/edit/trigger`);
  await expect(page.getByRole("radio", { name: "Schedule" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "Basic" })).toBeChecked();
  const preview = page.getByRole("region", { name: "Next 5 runs" });

  await page.getByRole("radio", { name: "On days of the week" }).check();
  for (const day of ["Mon", "Wed", "Thu", "Fri"]) await page.getByRole("checkbox", { name: day, exact: true }).uncheck();
  await page.getByLabel("Time", { exact: true }).fill("07:00");
  await page.getByLabel("Time zone").selectOption("UTC");
  await expect(preview).toContainText("0 7 * * TUE");
  for (const iso of await preview.locator("time").evaluateAll((els) => els.map((e) => e.getAttribute("datetime")!))) {
    expect(new Date(iso).getUTCDay()).toBe(2);
  }

  await page.getByRole("radio", { name: "At an interval" }).check();
  await page.getByLabel("Every").fill("5");
  await page.getByLabel("Unit").selectOption("minutes");
  await expect(preview).toContainText("*/5 * * * *");
  await expect(preview.locator("time")).toHaveCount(5);

  await page.getByRole("button", { name: "Add watcher" }).click();
  const watcher = page.getByRole("group", { name: "Watcher 1" });
  await watcher.getByLabel("Watcher 1 URL").fill("not a url");
  await watcher.getByLabel("On success").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(watcher.getByText("Enter an http:// or https:// URL")).toBeVisible();
  await watcher.getByLabel("Watcher 1 URL").fill(`${api.url}/watcher`);
  await shot(page, testInfo, "wizard-trigger-interval");
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page).toHaveURL(new RegExp(`/feeds/${feed.id}$`));
  const trigger = page.getByRole("region", { name: "Trigger" });
  await expect(trigger).toContainText("Every 5 minutes (UTC)");
  await expect(trigger.getByRole("list", { name: "Next runs" }).locator("li")).toHaveCount(5);
  await expect(trigger).toContainText(`${api.url}/watcher`);

  // Pause: no next runs, on the feed page, in the list and in the API.
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByText(`${feed.name} paused`)).toBeVisible();
  await expect(trigger).toContainText("None while paused");
  expect((await (await ctx.get(`/api/feeds/${feed.id}`)).json()).nextRuns).toEqual([]);
  await page.goto(`/feeds?status=paused`);
  await expect(page.getByRole("row").filter({ hasText: feed.name })).toContainText("Paused");
  await page.getByRole("button", { name: `Resume ${feed.name}` }).click();
  await expect(page.getByText(`${feed.name} resumed`)).toBeVisible();
  expect((await (await ctx.get(`/api/feeds/${feed.id}`)).json()).nextRuns).toHaveLength(5);
});

test("Run Once needs a future time; No trigger saves a manual feed", async ({ page }) => {
  const ctx = await asAdmin();
  const feed = await draftAtTrigger(ctx);
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feed.id}/edit/trigger`);
  await page.getByRole("radio", { name: "Run Once" }).check();
  await page.getByLabel("Run at").fill("2001-01-01T10:00");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Choose a time in the future")).toBeVisible();
  const next = new Date(Date.now() + 3 * 24 * 3600_000);
  const local = `${next.getFullYear()}-${String(next.getMonth() + 1).padStart(2, "0")}-${String(next.getDate()).padStart(2, "0")}T08:15`;
  await page.getByLabel("Run at").fill(local);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(new RegExp(`/feeds/${feed.id}$`));
  const saved = await (await ctx.get(`/api/feeds/${feed.id}`)).json();
  expect(saved.trigger.type).toBe("once");
  expect(saved.nextRuns).toHaveLength(1);

  await page.goto(`/feeds/${feed.id}/edit/trigger`);
  await expect(page.getByRole("radio", { name: "Run Once" })).toBeChecked();
  await expect(page.getByLabel("Run at")).toHaveValue(local);
  await page.getByRole("radio", { name: "No trigger (run manually)" }).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(new RegExp(`/feeds/${feed.id}$`));
  expect((await (await ctx.get(`/api/feeds/${feed.id}`)).json()).trigger).toEqual({ type: "none" });
});
