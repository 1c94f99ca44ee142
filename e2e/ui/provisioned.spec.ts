import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import YAML from "yaml";
import { startServer, tempDataDir } from "../support/server";

// What a PROVISIONING_DIR file declares is shown read-only in the console, with the file named.
// A script whose test passes: the loader activates a provisioned active feed after one.
const ONE_RECORD = `from lib import outputStream

outputStream.write({"id": 1})
`;

test("provisioned connections and feeds carry a Provisioned badge and offer no edit or delete", async ({ browser }) => {
  test.setTimeout(180_000);
  const dir = tempDataDir("provisioned-ui");
  fs.writeFileSync(
    path.join(dir, "team.yaml"),
    YAML.stringify({
      version: 1,
      connections: [
        { name: "ui_prov_conn", kind: "rest", authType: "none" },
        // Custom Auth has a request to test: nothing listens on port 9, so the test fails, but it runs.
        { name: "ui_prov_custom", kind: "rest", authType: "custom", authUrl: "http://127.0.0.1:9/login", method: "POST", headers: [], body: "" },
      ],
      feeds: [
        { name: "ui_prov_feed", connection: "ui_prov_conn", script: "print(1)", status: "draft" },
        { name: "ui_prov_active", connection: "ui_prov_conn", script: ONE_RECORD, destinations: ["sqlite"], trigger: { type: "none" }, status: "active" },
      ],
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
    // Testing changes nothing the file declares, and the server allows it: a provisioned connection keeps its Test.
    const custom = page.getByRole("row").filter({ hasText: "ui_prov_custom" });
    await expect(custom.getByText("Provisioned")).toBeVisible();
    await expect(custom.getByRole("button", { name: /Read-only/ })).toBeDisabled();
    await expect(custom.getByRole("button", { name: /^Edit/ })).toHaveCount(0);
    await custom.getByRole("button", { name: "Test ui_prov_custom" }).click();
    await expect(page.getByText(/^ui_prov_custom: /).first()).toBeVisible();
    await expect.poll(async () => (await (await context.request.get("/api/connections?q=ui_prov_custom")).json()).connections[0].lastTest?.ok).toBe(false);

    const feeds = await (await context.request.get("/api/feeds")).json();
    const feed = feeds.feeds.find((f: { name: string }) => f.name === "ui_prov_feed");
    await page.goto(`/feeds/${feed.id}`);
    await expect(page.getByText("Provisioned", { exact: true })).toBeVisible();
    await expect(page.getByText(/declared in team\.yaml/)).toBeVisible();
    await expect(page.getByRole("button", { name: /Delete/ })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Continue setup" })).toHaveCount(0);

    // An active provisioned feed (activated by the loader after its test passed).
    type Listed = { id: number; name: string; status: string };
    const listedFeed = async (name: string) => ((await (await context.request.get("/api/feeds")).json()).feeds as Listed[]).find((f) => f.name === name);
    await expect.poll(async () => (await listedFeed("ui_prov_active"))?.status, { timeout: 90_000 }).toBe("active");
    const active = (await listedFeed("ui_prov_active"))!;

    // Its list row: the badge, Read-only, and Run now; no Pause, Edit, Tags or Delete.
    await page.goto("/feeds");
    const feedRow = page.getByRole("row").filter({ hasText: "ui_prov_active" });
    await expect(feedRow.getByText("Provisioned")).toBeVisible();
    await expect(feedRow.getByRole("button", { name: /Read-only ui_prov_active: declared in team\.yaml/ })).toBeDisabled();
    await expect(feedRow.getByRole("button", { name: "Run ui_prov_active" })).toBeEnabled();
    for (const name of [/^Pause/, /^Resume/, /^Edit/, /^Delete/]) await expect(feedRow.getByRole("button", { name })).toHaveCount(0);
    await expect(feedRow.getByRole("link", { name: /^Edit|^Continue/ })).toHaveCount(0);
    // The draft's row offers no Continue setup either.
    const draftRow = page.getByRole("row").filter({ hasText: "ui_prov_feed" });
    await expect(draftRow.getByText("Provisioned")).toBeVisible();
    await expect(draftRow.getByRole("link", { name: /^Continue setting up/ })).toHaveCount(0);

    // Its page: the badge naming the file, Run now (the server runs provisioned feeds), no Pause,
    // Delete or "Edit <step>" links.
    await page.goto(`/feeds/${active.id}`);
    await expect(page.getByText(/declared in team\.yaml/)).toBeVisible();
    await expect(page.getByRole("heading", { name: "ui_prov_active", exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: /Pause|Resume|Delete/ })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /^Edit/ })).toHaveCount(0);
    await page.getByRole("button", { name: "Run now" }).click();
    await expect(page.getByText(/^Run #\d+ of ui_prov_active (queued|was already queued)/)).toBeVisible();
    // The wizard is not offered by URL either: it leads back to the feed's page.
    await page.goto(`/feeds/${active.id}/edit/connection`);
    await expect(page).toHaveURL(new RegExp(`/feeds/${active.id}$`));
    await expect(page.getByText(/declared in team\.yaml/)).toBeVisible();
  } finally {
    await context.close();
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
