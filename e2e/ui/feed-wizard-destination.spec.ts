import { expect, test } from "@playwright/test";
import { admin, asAdmin } from "../support/api";
import { createConnection, feedName } from "../support/feeds";
import { shot, signInUI } from "../support/ui";

// Step 3: the destinations this workspace's warehouse offers (embedded SQLite: warehouse and files).

test("destinations come from the warehouse setting; the target table is the feed name in lower case", async ({ page }, testInfo) => {
  const ctx = await asAdmin();
  const warehouse = await (await ctx.get("/api/settings/warehouse")).json();
  const conn = await createConnection(ctx, { authType: "none" });
  const name = feedName("Dest_Check");
  const draft = await (
    await ctx.post("/api/feeds", { data: { name, connectionId: conn.id, script: "from lib import outputStream\n", wizardStep: "destination" } })
  ).json();

  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${draft.id}/edit/destination`);
  await expect(page.getByRole("navigation", { name: "Feed setup steps" }).locator('[aria-current="step"]')).toContainText("Destination");
  await expect(page.getByText(`Target table: ${name.toLowerCase()}`)).toBeVisible();

  const options = warehouse.destinations as Array<{ type: string; label: string; description: string }>;
  const role = warehouse.multiple ? "checkbox" : "radio";
  for (const o of options) {
    await expect(page.getByRole(role, { name: o.label })).toBeVisible();
    await expect(page.getByText(o.description)).toBeVisible();
  }
  // Nothing chosen yet: the first option is preselected.
  await expect(page.getByRole(role, { name: options[0].label })).toBeChecked();
  await shot(page, testInfo, "wizard-destination");

  if (warehouse.multiple) {
    await page.getByRole("checkbox", { name: options[0].label }).uncheck();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByText("Choose at least one destination")).toBeVisible();
    for (const o of options) await page.getByRole("checkbox", { name: o.label }).check();
  }
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(new RegExp(`/feeds/${draft.id}/edit/trigger$`));
  const saved = await (await ctx.get(`/api/feeds/${draft.id}`)).json();
  expect(saved.destinations).toEqual(warehouse.multiple ? options.map((o) => o.type) : [options[0].type]);
  expect(saved.wizardStep).toBe("trigger");

  // Back keeps what was chosen.
  await page.getByRole("link", { name: "Back" }).click();
  await expect(page).toHaveURL(new RegExp(`/feeds/${draft.id}/edit/destination$`));
  for (const o of warehouse.multiple ? options : options.slice(0, 1)) await expect(page.getByRole(role, { name: o.label })).toBeChecked();
});
