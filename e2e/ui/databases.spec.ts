import { expect, test, type APIRequestContext, type Locator, type Page, type TestInfo } from "@playwright/test";
import { admin, asAdmin, bare, createToken, createUser } from "../support/api";
import { pgClient, pgSchema, sqliteFile, suffix } from "../support/databases";
import { freePort } from "../support/server";
import { startSshd } from "../support/sshd";
import { settleAnimations, shot, signInUI } from "../support/ui";

// The console's Databases section against a real PostgreSQL (and SQLite, and an SSH tunnel), and
// the same connections seen through the Dataherald API.

const pgUri = (schema: string) => `postgresql+psycopg2://postgres@127.0.0.1:5432/test?options=-csearch_path=${schema}`;
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const tableRow = (page: Page, name: string) => page.locator(`[data-testid="table-row"][data-table="${name}"]`);
const statusOf = (row: Locator) => row.getByTestId("table-status");

async function darkShot(page: Page, testInfo: TestInfo, name: string) {
  await page.emulateMedia({ colorScheme: "dark" });
  await settleAnimations(page);
  await shot(page, testInfo, name);
  await page.emulateMedia({ colorScheme: "light" });
}

async function createByApi(ctx: APIRequestContext, uri: string) {
  const res = await ctx.post("/api/databases", { data: { alias: `pg_${suffix()}`, use_ssh: false, connection_uri: uri } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; name: string };
}

async function fillPostgres(page: Page, name: string, schema: string, port = "5432") {
  await field(page, "Name").fill(name);
  await field(page, "Host").fill("127.0.0.1");
  await field(page, "Port").fill(port);
  await field(page, "Database").fill("test");
  await field(page, "User").fill("postgres");
  await field(page, "Schema").fill(schema);
}

test("an editor creates a PostgreSQL connection from fields, tests it, saves it and scans two tables", async ({ page }, testInfo) => {
  const { schema, drop } = await pgSchema(3);
  try {
    await signInUI(page, admin().email, admin().password);
    await page.goto("/databases");
    await expect(page.getByRole("heading", { name: "Databases", level: 1 })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Databases" })).toHaveAttribute("aria-current", "page");
    await page.getByRole("link", { name: "New database connection" }).first().click();
    await expect(page).toHaveURL(/\/databases\/new$/);

    await expect(page.getByLabel("Dialect")).toHaveValue("postgresql");
    await expect(page.getByLabel("Dialect").locator("option", { hasText: "stored only: no driver here" })).toHaveCount(7);
    const name = `pg_ui_${suffix()}`;
    await fillPostgres(page, name, schema);
    await field(page, "Password").fill("pw-Planted-1");
    await expect(page.getByTestId("uri-preview")).toHaveText(`postgresql+psycopg2://postgres:••••@127.0.0.1:5432/test?options=-csearch_path=${schema}`);
    // PostgreSQL here trusts the user: no password after all.
    await field(page, "Password").fill("");
    await expect(page.getByTestId("uri-preview")).toHaveText(`postgresql+psycopg2://postgres@127.0.0.1:5432/test?options=-csearch_path=${schema}`);

    await page.getByRole("button", { name: "Test" }).click();
    const result = page.getByTestId("database-test-result");
    await expect(result).toHaveAttribute("data-ok", "true");
    await expect(result).toContainText("Connected: 3 tables");
    await expect(result.getByRole("list", { name: "Tables found" })).toContainText(`${schema}.t01`);
    await shot(page, testInfo, "database-new-test-ok");
    await darkShot(page, testInfo, "database-new-test-ok-dark");

    await page.getByRole("button", { name: "Save" }).click();
    await expect(page).toHaveURL(/\/databases\/[0-9a-f]{24}$/);
    await expect(page.getByText(`Connection ${name} created`)).toBeVisible();
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    await expect(page.getByTestId("table-row")).toHaveCount(3);
    for (const t of ["t01", "t02", "t03"]) await expect(statusOf(tableRow(page, `${schema}.${t}`))).toHaveAttribute("data-status", "NOT_SCANNED");

    const scanSelected = page.getByRole("button", { name: "Scan selected", exact: true });
    await expect(scanSelected).toBeDisabled();
    await page.getByRole("checkbox", { name: `Select ${schema}.t01` }).check();
    await page.getByRole("checkbox", { name: `Select ${schema}.t02` }).check();
    await expect(page.getByText("2 selected")).toBeVisible();
    await scanSelected.click();
    await expect(statusOf(tableRow(page, `${schema}.t01`))).toHaveAttribute("data-status", "SCANNED", { timeout: 20_000 });
    await expect(statusOf(tableRow(page, `${schema}.t02`))).toHaveAttribute("data-status", "SCANNED", { timeout: 20_000 });
    await expect(statusOf(tableRow(page, `${schema}.t03`))).toHaveAttribute("data-status", "NOT_SCANNED");
    await expect(tableRow(page, `${schema}.t01`)).toContainText("5");
    await expect(scanSelected).toBeDisabled();
    await shot(page, testInfo, "database-scanned");

    // Columns, primary key and three sample rows; descriptions edited in place.
    await page.getByRole("button", { name: `${schema}.t01`, exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `${schema}.t01` });
    await expect(dialog.getByTestId("column-row")).toHaveCount(5);
    const id = dialog.locator('[data-testid="column-row"][data-column="id"]');
    await expect(id).toContainText("integer");
    await expect(id).toContainText("No");
    await expect(id).toContainText("Yes");
    await expect(dialog.locator('[data-testid="column-row"][data-column="note"]')).toContainText("Yes");
    await expect(dialog.getByTestId("sample-row")).toHaveCount(3);
    await expect(dialog.getByTestId("sample-row").first()).toContainText("row 1");

    await dialog.getByRole("button", { name: "Edit description of amount" }).click();
    await dialog.getByLabel("Description of amount").fill("Order total in euros");
    await dialog.getByLabel("Description of amount").press("Enter");
    await expect(page.getByText("Description of amount saved")).toBeVisible();
    await expect(dialog.locator('[data-testid="column-row"][data-column="amount"]')).toContainText("Order total in euros");
    await dialog.getByLabel("Table description").fill("One row per test order");
    await dialog.getByRole("button", { name: "Save description" }).click();
    await expect(page.getByText("Table description saved")).toBeVisible();
    await shot(page, testInfo, "database-table-detail");
    await darkShot(page, testInfo, "database-table-detail-dark");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(tableRow(page, `${schema}.t01`)).toContainText("One row per test order");

    const ctx = await asAdmin();
    const connId = page.url().split("/").pop()!;
    const tables = (await (await ctx.get(`/api/databases/${connId}/tables`)).json()).tables as { tableName: string; description: string; columns: { name: string; description: string | null }[] }[];
    const t01 = tables.find((t) => t.tableName === "t01")!;
    expect(t01.description).toBe("One row per test order");
    expect(t01.columns.find((c) => c.name === "amount")?.description).toBe("Order total in euros");

    // The saved connection tests from its page, and shows in the list with its counts.
    await page.getByRole("button", { name: "Test" }).click();
    await expect(page.getByTestId("database-test-result")).toContainText("Connected: 3 tables");
    await page.getByRole("link", { name: "Databases" }).first().click();
    const row = page.getByTestId("database-row").filter({ hasText: name });
    await expect(row).toContainText("PostgreSQL");
    await expect(row).toContainText("127.0.0.1:5432/test");
    await expect(row).toContainText("2 / 3 scanned");
    await expect(row).toContainText("Console");
    await shot(page, testInfo, "databases-list");
    await page.setViewportSize({ width: 1024, height: 720 });
    await darkShot(page, testInfo, "databases-list-dark-1024");
  } finally {
    await drop();
  }
});

test("a failing Test shows the error in words, and Save keeps the form and creates nothing", async ({ page }, testInfo) => {
  const { schema, drop } = await pgSchema(1);
  try {
    await signInUI(page, admin().email, admin().password);
    await page.goto("/databases/new");
    const name = `pg_bad_${suffix()}`;
    await fillPostgres(page, name, schema, String(await freePort()));

    await page.getByRole("button", { name: "Test" }).click();
    const result = page.getByTestId("database-test-result");
    await expect(result).toHaveAttribute("data-ok", "false");
    await expect(result).toContainText("Could not connect");
    await expect(result).toContainText(/ECONNREFUSED|refused/i);

    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Not saved." })).toContainText(/Unable to connect/);
    await expect(page).toHaveURL(/\/databases\/new$/);
    await expect(field(page, "Name")).toHaveValue(name);
    await expect(field(page, "Schema")).toHaveValue(schema);
    await shot(page, testInfo, "database-save-refused");

    const list = (await (await (await asAdmin()).get(`/api/databases?q=${encodeURIComponent(name)}`)).json()).databases as { name: string }[];
    expect(list.map((d) => d.name)).not.toContain(name);

    // Missing fields are named before anything is sent.
    await field(page, "Host").fill("");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Enter the host")).toBeVisible();
  } finally {
    await drop();
  }
});

test("Dataherald API connections show in the console, and console connections in the Dataherald API", async ({ page }, testInfo) => {
  const { schema, drop } = await pgSchema(2);
  try {
    const token = (await createToken(await asAdmin(), { role: "editor" })).token;
    const dh = await bare();
    const headers = { "X-API-Key": token, "Content-Type": "application/json" };
    const alias = `dh_${suffix()}`;
    const created = await dh.post("/api/v1/database-connections", { headers, data: { alias, use_ssh: false, connection_uri: pgUri(schema) } });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = await created.json();

    await signInUI(page, admin().email, admin().password);
    await page.goto("/databases");
    const row = page.getByTestId("database-row").filter({ hasText: alias });
    await expect(row).toContainText("Dataherald API");
    await expect(row).toContainText("0 / 2 scanned");

    await page.goto(`/connections?q=${alias}`);
    const connRow = page.getByTestId("connection-row").filter({ hasText: alias });
    await expect(connRow).toContainText("Database");
    await expect(connRow).toContainText("PostgreSQL");
    await connRow.getByRole("link", { name: alias, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/databases/${id}$`));
    await expect(page.getByTestId("database-uri")).toHaveText(pgUri(schema));
    await expect(page.getByTestId("table-row")).toHaveCount(2);

    // A SQLite connection made in the console, seen through the Dataherald API.
    const file = sqliteFile();
    const sqliteAlias = `sqlite_ui_${suffix()}`;
    await page.goto("/databases/new");
    await page.getByLabel("Dialect").selectOption("sqlite");
    await expect(page.getByLabel("Use SSH tunnel")).toHaveCount(0);
    await field(page, "Name").fill(sqliteAlias);
    await field(page, "Database file").fill(file);
    await expect(page.getByTestId("uri-preview")).toHaveText(`sqlite:///${file}`);
    await shot(page, testInfo, "database-new-sqlite");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { name: sqliteAlias, level: 1 })).toBeVisible();
    await expect(page.getByTestId("table-row")).toHaveCount(2);

    const listed = (await (await dh.get("/api/v1/database-connections", { headers })).json()) as { alias: string; dialect: string }[];
    expect(listed.find((c) => c.alias === sqliteAlias)).toMatchObject({ dialect: "sqlite" });
    expect(listed.find((c) => c.alias === alias)).toMatchObject({ dialect: "postgresql" });
  } finally {
    await drop();
  }
});

test("Refresh tables adds new tables NOT_SCANNED and marks dropped ones DEPRECATED; Edit asks for the password again", async ({ page }, testInfo) => {
  const { schema, drop } = await pgSchema(2);
  try {
    const conn = await createByApi(await asAdmin(), pgUri(schema));
    await signInUI(page, admin().email, admin().password);
    await page.goto(`/databases/${conn.id}`);
    await expect(page.getByTestId("table-row")).toHaveCount(2);

    const c = await pgClient();
    await c.query(`CREATE TABLE ${schema}.fresh (id int PRIMARY KEY)`);
    await c.query(`DROP TABLE ${schema}.t02`);
    await c.end();
    await page.getByRole("button", { name: "Refresh tables" }).click();
    await expect(page.getByText("1 new table found")).toBeVisible();
    await expect(statusOf(tableRow(page, `${schema}.fresh`))).toHaveAttribute("data-status", "NOT_SCANNED");
    await expect(statusOf(tableRow(page, `${schema}.t02`))).toHaveAttribute("data-status", "DEPRECATED");
    await expect(page.getByRole("checkbox", { name: `Select ${schema}.t02` })).toBeDisabled();

    // Scan all: the live tables only, polled until they settle.
    await page.getByRole("button", { name: "Scan all" }).click();
    await expect(statusOf(tableRow(page, `${schema}.fresh`))).toHaveAttribute("data-status", "SCANNED", { timeout: 20_000 });
    await expect(statusOf(tableRow(page, `${schema}.t01`))).toHaveAttribute("data-status", "SCANNED");
    await expect(statusOf(tableRow(page, `${schema}.t02`))).toHaveAttribute("data-status", "DEPRECATED");
    await shot(page, testInfo, "database-refreshed");
    await page.setViewportSize({ width: 1024, height: 720 });
    await darkShot(page, testInfo, "database-refreshed-dark-1024");
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole("link", { name: "Edit" }).click();
    await expect(page).toHaveURL(new RegExp(`/databases/${conn.id}/edit$`));
    await expect(field(page, "Name")).toHaveValue(conn.name);
    await expect(field(page, "Host")).toHaveValue("127.0.0.1");
    await expect(field(page, "Schema")).toHaveValue(schema);
    await expect(field(page, "Password")).toHaveValue("");
    await expect(page.getByText("Enter the password again to save changes")).toBeVisible();
    await page.getByRole("radio", { name: "Raw URI" }).check();
    await expect(page.getByTestId("saved-uri")).toHaveText(pgUri(schema));
    await expect(page.getByLabel("Connection URI")).toHaveValue("");
    await page.getByRole("radio", { name: "Fields" }).check();
    const renamed = `${conn.name}_renamed`;
    await field(page, "Name").fill(renamed);
    await shot(page, testInfo, "database-edit");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { name: renamed, level: 1 })).toBeVisible();

    // Delete asks first.
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog", { name: `Delete ${renamed}?` }).getByRole("button", { name: "Delete connection" }).click();
    await expect(page).toHaveURL(/\/databases$/);
    await expect(page.getByText(`Connection ${renamed} deleted`)).toBeVisible();
    expect((await (await asAdmin()).get(`/api/databases/${conn.id}`)).status()).toBe(404);
  } finally {
    await drop();
  }
});

test("a connection through an SSH tunnel, made with the SSH fields", async ({ page }) => {
  const sshd = await startSshd();
  const { schema, drop } = await pgSchema(1);
  try {
    await signInUI(page, admin().email, admin().password);
    await page.goto("/databases/new");
    const name = `pg_ssh_${suffix()}`;
    await fillPostgres(page, name, schema);
    await page.getByLabel("Use SSH tunnel").check();
    await expect(field(page, "SSH port")).toHaveValue("22");
    await field(page, "SSH host").fill("127.0.0.1");
    await field(page, "SSH port").fill(String(sshd.port));
    await field(page, "SSH username").fill(sshd.user);
    await page.getByRole("button", { name: "Test" }).click();
    await expect(page.getByText("Give an SSH password or a private key")).toBeVisible();
    await field(page, "SSH password").fill("not-the-password");
    await page.getByRole("button", { name: "Test" }).click();
    await expect(page.getByTestId("database-test-result")).toContainText("SSH tunnel failed");
    await field(page, "SSH password").fill(sshd.password);
    await page.getByRole("button", { name: "Test" }).click();
    await expect(page.getByTestId("database-test-result")).toContainText("Connected: 1 table");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    await expect(page.getByRole("region", { name: "Connection details" })).toContainText(`${sshd.user}@127.0.0.1:${sshd.port}`);
  } finally {
    await drop();
    sshd.stop();
  }
});

test("a viewer sees the databases and their tables but cannot change anything", async ({ page }, testInfo) => {
  const { schema, drop } = await pgSchema(2);
  try {
    const ctx = await asAdmin();
    const conn = await createByApi(ctx, pgUri(schema));
    expect((await ctx.post(`/api/databases/${conn.id}/tables/scan`, { data: { tableNames: ["t01"] } })).status()).toBe(202);
    await expect
      .poll(async () => ((await (await ctx.get(`/api/databases/${conn.id}/tables`)).json()).tables as { tableName: string; status: string }[]).find((t) => t.tableName === "t01")?.status, { timeout: 20_000 })
      .toBe("SCANNED");
    const viewer = await createUser(ctx, "viewer");
    await signInUI(page, viewer.email, viewer.password);
    await page.goto("/databases");
    await expect(page.getByTestId("database-row").filter({ hasText: conn.name })).toBeVisible();
    await expect(page.getByRole("link", { name: "New database connection" })).toHaveCount(0);

    await page.goto(`/databases/${conn.id}`);
    await expect(page.getByTestId("table-row")).toHaveCount(2);
    for (const label of ["Test", "Delete", "Scan selected", "Scan all", "Refresh tables"]) await expect(page.getByRole("button", { name: label, exact: true })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await page.getByRole("button", { name: `${schema}.t01`, exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `${schema}.t01` });
    await expect(dialog.getByTestId("column-row")).toHaveCount(5);
    await expect(dialog.getByTestId("sample-row")).toHaveCount(3);
    await expect(dialog.getByRole("textbox")).toHaveCount(0);
    await expect(dialog.getByRole("button", { name: /^Edit description/ })).toHaveCount(0);
    await shot(page, testInfo, "database-viewer");

    for (const path of ["/databases/new", `/databases/${conn.id}/edit`]) {
      const res = await page.goto(path);
      expect(res?.status()).toBe(403);
    }
  } finally {
    await drop();
  }
});

test("the databases page's Search by name asks the server", async ({ page }) => {
  await signInUI(page, admin().email, admin().password);
  await page.goto("/databases");
  const q = `nomatch-${Date.now()}`;
  const searched = page.waitForRequest((req) => req.url().includes("/api/databases?") && req.url().includes(`q=${q}`));
  await page.getByLabel("Search database connections").fill(q);
  await searched;
  await expect(page.getByText("No database connections match this name")).toBeVisible();
});
