import { expect, test } from "@playwright/test";
import { admin, asAdmin } from "../support/api";
import { createConnection, createFeed, loadRun } from "../support/feeds";
import { shot, signInUI } from "../support/ui";

// Records of every JSON type, loaded into the embedded SQLite warehouse; the feed page shows the
// table's types. The second run writes a text price (the script reads which run it is from its state).
const SCRIPT = `from lib import outputStream, metadata
second = metadata.get("runs", 0) >= 1
outputStream.write({"id": 1, "price": "n/a" if second else 2.5, "ok": True, "tags": ["a"], "meta": {"k": 1}, "name": "one"})
outputStream.write({"id": 2, "price": 3, "ok": False, "tags": [], "meta": {}, "name": "two"})
metadata.save({"runs": metadata.get("runs", 0) + 1})
`;

test("the feed page shows the destination table's columns with their inferred types, and a widened column after the run that widened it", async ({ page }, testInfo) => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: SCRIPT, destinations: ["sqlite", "files"] });
  expect(await loadRun(ctx, feed.id)).toMatchObject({ status: "succeeded", records: 2 });

  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feed.id}`);
  const table = page.getByRole("table", { name: `Columns of ${feed.name.toLowerCase()} in SQLite warehouse` });
  const typeOf = (column: string) => table.getByRole("row").filter({ has: page.getByRole("cell", { name: column, exact: true }) }).getByRole("cell").nth(1);
  await expect(typeOf("id")).toHaveText("INTEGER");
  await expect(typeOf("price")).toHaveText("REAL");
  await expect(typeOf("ok")).toHaveText("BOOLEAN");
  await expect(typeOf("tags")).toHaveText("JSON");
  await expect(typeOf("meta")).toHaveText("JSON");
  await expect(typeOf("name")).toHaveText("TEXT");
  await expect(page.getByTestId("columns-files")).toContainText("no columns");
  await shot(page, testInfo, "destination-columns");

  // A text price widens the REAL column to TEXT.
  expect(await loadRun(ctx, feed.id)).toMatchObject({ status: "succeeded", records: 2 });
  await page.reload();
  await expect(typeOf("price")).toHaveText("TEXT");
  await expect(typeOf("id")).toHaveText("INTEGER");

  const api = await (await ctx.get(`/api/feeds/${feed.id}/columns`)).json();
  expect(api.destinations[0]).toMatchObject({ destination: "sqlite", table: feed.name.toLowerCase(), error: null });
  expect(api.destinations[0].columns).toContainEqual({ name: "price", type: "TEXT" });
  expect(api.destinations[1]).toMatchObject({ destination: "files", columns: null, error: null });
});
