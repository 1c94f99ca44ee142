import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import YAML from "yaml";
import { startServer, tempDataDir } from "../support/server";

// What a PROVISIONING_DIR file declares is shown read-only in the console, with the file named.
test("provisioned connections and feeds carry a Provisioned badge and offer no edit or delete", async ({ browser }) => {
  test.setTimeout(120_000);
  const dir = tempDataDir("provisioned-ui");
  fs.writeFileSync(
    path.join(dir, "team.yaml"),
    YAML.stringify({
      version: 1,
      connections: [{ name: "ui_prov_conn", kind: "rest", authType: "none" }],
      feeds: [{ name: "ui_prov_feed", connection: "ui_prov_conn", script: "print(1)", status: "draft" }],
    }),
  );
  const server = await startServer({ label: "provisioned-ui", env: { ADMIN_EMAIL: "admin@provui.test", ADMIN_PASSWORD: "Provisioned-ui-pw-58!", PROVISIONING_DIR: dir } });
  const context = await browser.newContext({ baseURL: server.baseURL });
  try {
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("admin@provui.test");
    await page.getByLabel("Password").fill("Provisioned-ui-pw-58!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

    await expect.poll(async () => {
      await page.goto("/connections");
      // The list arrives after the page: count its rows once the total is shown.
      await page.getByText(/^\d+ connections?$/).waitFor();
      return page.getByRole("row").filter({ hasText: "ui_prov_conn" }).count();
    }, { timeout: 30_000 }).toBe(1);
    const row = page.getByRole("row").filter({ hasText: "ui_prov_conn" });
    await expect(row.getByText("Provisioned")).toBeVisible();
    await expect(row.getByRole("button", { name: /Read-only/ })).toBeDisabled();
    await expect(row.getByRole("button", { name: /^Edit/ })).toHaveCount(0);
    await expect(row.getByRole("button", { name: /^Delete/ })).toHaveCount(0);

    const feeds = await (await context.request.get("/api/feeds")).json();
    const feed = feeds.feeds.find((f: { name: string }) => f.name === "ui_prov_feed");
    await page.goto(`/feeds/${feed.id}`);
    await expect(page.getByText("Provisioned", { exact: true })).toBeVisible();
    await expect(page.getByText(/declared in team\.yaml/)).toBeVisible();
    await expect(page.getByRole("button", { name: /Delete/ })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Continue setup" })).toHaveCount(0);
  } finally {
    await context.close();
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
