import { expect, test } from "@playwright/test";
import YAML from "yaml";
import { admin, asAdmin } from "../support/api";
import { feedName } from "../support/feeds";
import { shot, signInUI } from "../support/ui";

test("the import page previews a bundle object by object, writes nothing until Import, then imports it", async ({ page }, testInfo) => {
  const ctx = await asAdmin();
  const existing = feedName("ui_import_old");
  const made = await ctx.post("/api/connections", { data: { name: existing, authType: "basic", username: "before", password: "Ui-import-Planted-4" } });
  expect(made.status()).toBe(201);
  const fresh = feedName("ui_import_new");
  const bundle = YAML.stringify({
    version: 1,
    connections: [
      { name: fresh, kind: "rest", authType: "basic", username: "reader", secrets: ["password"] },
      { name: existing, kind: "rest", authType: "basic", username: "after", secrets: ["password"] },
    ],
  });

  await signInUI(page, admin().email, admin().password);
  await page.goto("/settings/import");
  await page.getByRole("textbox", { name: "Bundle (YAML or JSON)" }).fill(bundle);
  await expect(page.getByRole("button", { name: "Import" })).toBeDisabled();

  // Without the new connection's secret, the preview names the object and field and Import stays off.
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("region", { name: /this bundle cannot be imported/ }).getByRole("alert")).toContainText(`connections.${fresh}.password`);
  await expect(page.getByRole("button", { name: "Import" })).toBeDisabled();

  await page.getByRole("textbox", { name: /^Secrets/ }).fill(YAML.stringify({ connections: { [fresh]: { password: "Ui-import-Planted-5" } } }));
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: /Preview: nothing has been written yet/ });
  await expect(preview.getByRole("row").filter({ hasText: fresh })).toContainText("would create");
  await expect(preview.getByRole("row").filter({ hasText: existing })).toContainText("would update");
  await expect(preview.getByRole("row").filter({ hasText: existing })).toContainText("username");
  await shot(page, testInfo, "import-preview");
  // Previewing wrote nothing.
  const names = async () => (await (await ctx.get(`/api/connections?q=${fresh}`)).json()).connections.map((c: { name: string }) => c.name);
  expect(await names()).not.toContain(fresh);

  await page.getByRole("button", { name: "Import" }).click();
  const imported = page.getByRole("region", { name: "Imported" });
  await expect(imported.getByRole("row").filter({ hasText: fresh })).toContainText("create");
  expect(await names()).toContain(fresh);
  await expect(page.getByText("Ui-import-Planted")).toHaveCount(0);
});
