import crypto from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { admin, asAdmin, createUser, signedIn } from "../support/api";
import { shot, signInUI } from "../support/ui";

// Settings -> Network: the admin's outbound rules, what else is in force, the script-run limits and
// whether scripts are sandboxed. The suite shares one server, so each test puts the settings back.

type NetworkSettings = {
  allow: string[];
  deny: string[];
  scriptsMayReachPrivate: boolean;
  serverMayReachPrivate: boolean;
  environment: { allow: { rule: string }[]; deny: { rule: string }[] };
  alwaysRefused: { what: string }[];
};

let api: APIRequestContext;
let savedRules: Omit<NetworkSettings, "environment" | "alwaysRefused">;
let savedLimits: { perUser: number; total: number };
test.beforeAll(async () => {
  api = await asAdmin();
  const { allow, deny, scriptsMayReachPrivate, serverMayReachPrivate } = (await (await api.get("/api/settings/network")).json()) as NetworkSettings;
  savedRules = { allow, deny, scriptsMayReachPrivate, serverMayReachPrivate };
  savedLimits = (await (await api.get("/api/settings/runs")).json()).testConcurrency;
});
test.afterAll(async () => {
  expect((await api.put("/api/settings/network", { data: savedRules })).status()).toBe(200);
  expect((await api.put("/api/settings/runs", { data: { testConcurrency: savedLimits } })).status()).toBe(200);
});

/** The sandbox line says what the server's status says: calm, a warning with the reason, or red. */
async function expectSandboxStatus(page: Page) {
  const status = page.getByTestId("sandbox-status");
  await expect(status).toBeVisible();
  const mode = await status.getAttribute("data-mode");
  const unsafe = (await status.getAttribute("role")) === "alert" && mode !== "unavailable";
  if (unsafe) await expect(status).toContainText("SWITCHYARD_UNSAFE_SCRIPTS=1");
  else if (mode === "bubblewrap") await expect(status).toContainText("Scripts run in a bubblewrap sandbox");
  else if (mode === "unavailable") await expect(status).toContainText("Scripts cannot run:");
  else throw new Error(`unexpected sandbox mode ${mode}`);
}

test("an admin edits the outbound rules; bad rules are named by line; everything in force is shown", async ({ page }, testInfo) => {
  await signInUI(page, admin().email, admin().password);
  await page.goto("/settings/general");
  await expectSandboxStatus(page);
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Network" }).click();
  await expect(page).toHaveURL(/\/settings\/network$/);
  await expect(page.getByRole("heading", { name: "Network", exact: true })).toBeVisible();
  await expectSandboxStatus(page);

  // The rules from the environment and the always-refused list, as the API reports them.
  const before = (await (await api.get("/api/settings/network")).json()) as NetworkSettings;
  const inForce = page.getByTestId("network-in-force");
  for (const r of [...before.environment.allow, ...before.environment.deny]) await expect(inForce).toContainText(r.rule);
  if (!before.environment.allow.length) await expect(inForce.getByText("None set.").first()).toBeVisible();
  await expect(inForce.getByRole("list", { name: "Always refused" })).toContainText("169.254.0.0/16");
  await expect(inForce).toContainText("console's own port");

  const host = `db-${crypto.randomBytes(3).toString("hex")}.example.test`;
  const allow = page.getByLabel("Allowed destinations");
  await allow.fill(`${host}:5432\n\nnot a rule!\n198.51.100.0/24`);
  await page.getByRole("button", { name: "Save network rules" }).click();
  // Blank lines are skipped, yet the message names the line the admin sees.
  await expect(page.getByText(/Line 3: "not a rule!"/)).toBeVisible();
  await expect(allow).toHaveAttribute("aria-invalid", "true");

  await allow.fill(`${host}:5432\n198.51.100.0/24`);
  await page.getByLabel("Denied destinations").fill("203.0.113.9");
  const scripts = page.getByRole("switch", { name: "Scripts may reach loopback and private ranges" });
  await expect(scripts).not.toBeChecked();
  await expect(page.getByRole("switch", { name: "Server-side connections may reach loopback and private ranges" })).toBeChecked();
  await scripts.check();
  await page.getByRole("button", { name: "Save network rules" }).click();
  await expect(page.getByText("Network rules saved")).toBeVisible();
  await shot(page, testInfo, "settings-network");

  await page.reload();
  await expect(page.getByLabel("Allowed destinations")).toHaveValue(`${host}:5432\n198.51.100.0/24`);
  await expect(page.getByLabel("Denied destinations")).toHaveValue("203.0.113.9");
  await expect(page.getByRole("switch", { name: "Scripts may reach loopback and private ranges" })).toBeChecked();
  const after = (await (await api.get("/api/settings/network")).json()) as NetworkSettings;
  expect(after).toMatchObject({ allow: [`${host}:5432`, "198.51.100.0/24"], deny: ["203.0.113.9"], scriptsMayReachPrivate: true, serverMayReachPrivate: true });
  const audit = await (await api.get("/api/audit?action=setting.update&target=network.rules&pageSize=5")).json();
  expect(JSON.stringify(audit.events[0].summary)).toContain(host);
});

test("the API names a bad rule by its index, and only admins may change the rules", async () => {
  const bad = await api.put("/api/settings/network", { data: { ...savedRules, allow: ["10.0.0.0/8", "10.0.0.0/99"] } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.fields["allow.1"]).toContain("prefix length");

  const editor = await createUser(api, "editor");
  const editorCtx = await signedIn(editor.email, editor.password);
  expect((await editorCtx.get("/api/settings/network")).status()).toBe(200);
  expect((await editorCtx.put("/api/settings/network", { data: savedRules })).status()).toBe(403);
});

test("an admin sets the script-run limits under Script runs", async ({ page }) => {
  await signInUI(page, admin().email, admin().password);
  await page.goto("/settings/network");
  await expect(page.getByRole("heading", { name: "Script runs" })).toBeVisible();
  const perUser = page.getByLabel("Test runs per person at once");
  const total = page.getByLabel("Test runs in the workspace at once");
  await perUser.fill("0");
  await page.getByRole("button", { name: "Save run limits" }).click();
  await expect(page.getByText("At least 1")).toBeVisible();
  await perUser.fill("3");
  await total.fill("9");
  await page.getByRole("button", { name: "Save run limits" }).click();
  await expect(page.getByText("Run limits saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Test runs per person at once")).toHaveValue("3");
  await expect(page.getByLabel("Test runs in the workspace at once")).toHaveValue("9");
  expect((await (await api.get("/api/settings/runs")).json()).testConcurrency).toEqual({ perUser: 3, total: 9 });
});

test("a viewer has no Network tab and gets 403 on the page", async ({ page }) => {
  const viewer = await createUser(api, "viewer");
  await signInUI(page, viewer.email, viewer.password);
  await page.goto("/settings/account");
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Network" })).toHaveCount(0);
  const res = await page.goto("/settings/network");
  expect(res?.status()).toBe(403);
  await expect(page.getByText("You don't have access to this page")).toBeVisible();
});
