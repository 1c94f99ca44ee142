import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signedIn } from "../support/api";
import { pgSchema, suffix } from "../support/databases";
import { startServer, tempDataDir } from "../support/server";
import { shot } from "../support/ui";

// Issue 15, item 3: a stored secret reference is shown in the database form as written, with
// "from environment variable NAME" under the field, never as a password mask; typing another
// reference says where that one is read from. The value itself never reaches the page.

const ADMIN = { email: "admin@refs-ui.test", password: "Refs-ui-admin-pw-5!" };
const PLANTED = `Refs-ui-Planted-${suffix()}`;
const REF = "$__env{REFS_UI_DB_PASSWORD}";

test("the database form shows a stored reference and where its value comes from", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const secretsDir = tempDataDir("refs-ui-secrets");
  fs.writeFileSync(path.join(secretsDir, "pg"), PLANTED);
  const server = await startServer({ label: "refs-ui", env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, REFS_UI_DB_PASSWORD: PLANTED, SECRETS_DIR: secretsDir } });
  const { schema, drop } = await pgSchema(1);
  try {
    const api = await signedIn(ADMIN.email, ADMIN.password, server.baseURL);
    const alias = `refs_ui_${suffix()}`;
    // This PostgreSQL trusts every client; the reference is still resolved (an unset one fails the test).
    const res = await api.post("/api/databases", { data: { alias, connection_uri: `postgresql+psycopg2://postgres:${REF}@127.0.0.1:5432/test?options=-csearch_path=${schema}` } });
    expect(res.status(), await res.text()).toBe(201);
    const { id } = (await res.json()) as { id: string };

    await page.goto(`${server.baseURL}/sign-in`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

    await page.goto(`${server.baseURL}/databases/${id}/edit`);
    const password = page.getByLabel("Password", { exact: true });
    await expect(password).toHaveValue(REF);
    await expect(password).toHaveAttribute("type", "text");
    await expect(page.getByTestId("secret-reference")).toContainText("from environment variable REFS_UI_DB_PASSWORD");
    await expect(page.getByText("Enter the password again to save changes")).toHaveCount(0);
    await expect(page.getByTestId("uri-preview")).toContainText(`postgres:${REF}@127.0.0.1:5432/test`);
    await shot(page, testInfo, "database-edit-secret-reference");

    // Another reference typed in says where it is read from; a plain value is masked again.
    await password.fill(`$__file{${secretsDir}/pg}`);
    await expect(page.getByTestId("secret-reference")).toContainText(`from file ${secretsDir}/pg`);
    await password.fill("typed-plain-value");
    await expect(password).toHaveAttribute("type", "password");
    await expect(page.getByTestId("secret-reference")).toHaveCount(0);

    // Saved back as shown, the reference stays.
    await password.fill(REF);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { name: alias, level: 1 })).toBeVisible();
    expect((await (await api.get(`/api/databases/${id}`)).json()).secretRefs).toEqual({ password: REF });
    expect(await page.content()).not.toContain(PLANTED);
  } finally {
    await drop();
    await server.stop();
  }
});
