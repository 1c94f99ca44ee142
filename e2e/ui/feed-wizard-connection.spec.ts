import { expect, test, type Page } from "@playwright/test";
import { admin, asAdmin } from "../support/api";
import { createConnection, feedName } from "../support/feeds";
import { shot, signInUI } from "../support/ui";

// Step 1 of the feed wizard: Select Connection, NEW CONNECTION, Edit and Delete, saved progress.

const currentStep = (page: Page) => page.getByRole("navigation", { name: "Feed setup steps" }).locator('[aria-current="step"]');

test("a new feed starts as a draft; NEW CONNECTION adds a selected connection; Next saves it and a reload resumes", async ({ page }, testInfo) => {
  await signInUI(page, admin().email, admin().password);
  await page.goto("/feeds");
  await page.getByRole("link", { name: "New feed" }).first().click();
  await expect(page).toHaveURL(/\/feeds\/\d+\/edit\/connection$/);
  const feedId = Number(/\/feeds\/(\d+)\//.exec(page.url())![1]);
  await expect(currentStep(page)).toContainText("Connection");
  for (const stage of ["Connection", "Import Configuration", "Destination", "Trigger"]) {
    await expect(page.getByRole("navigation", { name: "Feed setup steps" })).toContainText(stage);
  }

  // Next needs a connection.
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Select a connection, or create one with New connection")).toBeVisible();

  const name = feedName("wiz_conn");
  await page.getByRole("button", { name: "New connection" }).click();
  const dialog = page.getByRole("dialog", { name: "New connection" });
  await dialog.getByLabel("Connection Name").fill(name);
  await dialog.getByRole("radio", { name: "No Auth" }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const select = page.getByLabel("Select Connection");
  await expect(select.locator("option:checked")).toHaveText(new RegExp(`^${name}`));
  await expect(page.getByRole("group", { name: `Selected connection ${name}` })).toContainText("No Auth");
  await shot(page, testInfo, "wizard-connection");

  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(new RegExp(`/feeds/${feedId}/edit/import$`));
  await expect(currentStep(page)).toContainText("Import Configuration");

  // Progress is on the server: the feed resumes at Import Configuration, after a reload too.
  const ctx = await asAdmin();
  const saved = await (await ctx.get(`/api/feeds/${feedId}`)).json();
  expect(saved).toMatchObject({ status: "draft", connectionName: name, wizardStep: "import" });
  await page.goto(`/feeds/${feedId}/edit`);
  await expect(page).toHaveURL(new RegExp(`/feeds/${feedId}/edit/import$`));
  await page.reload();
  await expect(currentStep(page)).toContainText("Import Configuration");
  // Back on Connection, the saved connection is still selected.
  await page.getByRole("navigation", { name: "Feed setup steps" }).getByRole("link", { name: /Connection/ }).click();
  await expect(page).toHaveURL(new RegExp(`/feeds/${feedId}/edit/connection$`));
  await expect(page.getByLabel("Select Connection").locator("option:checked")).toHaveText(new RegExp(`^${name}`));
});

test("the selected connection can be edited and deleted from the wizard", async ({ page }) => {
  const ctx = await asAdmin();
  const keep = await createConnection(ctx, { authType: "basic", username: "old_user", password: "basic-pw-Planted-71" });
  const doomed = await createConnection(ctx, { authType: "none" });
  const draft = await (await ctx.post("/api/feeds", { data: { wizardStep: "connection" } })).json();

  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${draft.id}/edit/connection`);
  const select = page.getByLabel("Select Connection");
  await select.selectOption({ label: `${keep.name} · Basic Auth` });
  await page.getByRole("button", { name: `Edit connection ${keep.name}` }).click();
  const dialog = page.getByRole("dialog", { name: "Edit connection" });
  await expect(dialog.getByLabel("Connection Name")).toHaveValue(keep.name);
  await expect(dialog.getByLabel("Connection Name")).toBeDisabled();
  await dialog.getByLabel("Username").fill("new_user");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const after = await (await ctx.get(`/api/connections/${keep.id}`)).json();
  expect(after.username).toBe("new_user");
  await expect(select).toHaveValue(keep.id);

  await select.selectOption(doomed.id);
  await page.getByRole("button", { name: `Delete connection ${doomed.name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Delete ${doomed.name}?` });
  await confirm.getByRole("button", { name: "Delete connection" }).click();
  await expect(page.getByText(`Connection ${doomed.name} deleted`)).toBeVisible();
  await expect(select).toHaveValue("");
  await expect(select.locator("option", { hasText: doomed.name })).toHaveCount(0);
  expect((await ctx.get(`/api/connections/${doomed.id}`)).status()).toBe(404);
});

test("a draft cannot skip ahead of its saved progress", async ({ page }) => {
  const ctx = await asAdmin();
  const draft = await (await ctx.post("/api/feeds", { data: { wizardStep: "connection" } })).json();
  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${draft.id}/edit/trigger`);
  await expect(page).toHaveURL(new RegExp(`/feeds/${draft.id}/edit/connection$`));
  // Later stages are not links yet.
  const steps = page.getByRole("navigation", { name: "Feed setup steps" });
  await expect(steps.getByRole("link", { name: /Trigger/ })).toHaveCount(0);
  await expect(steps.getByRole("link", { name: /Connection/ })).toHaveAttribute("aria-current", "step");
});
