import { expect, test } from "@playwright/test";
import { admin, asAdmin } from "../support/api";
import { createConnection } from "../support/feeds";
import { signInUI } from "../support/ui";

// The script editor on the wizard's Import step: undo and redo (@codemirror/commands) and the find
// panel (@codemirror/search), driven from the keyboard as a person would.

const SCRIPT = 'from lib import outputStream\norders = [1, 2, 3]\nfor order in orders:\n    outputStream.write({"order": order})\n';

test("Ctrl+Z undoes typing, Ctrl+Shift+Z and Ctrl+Y redo; Ctrl+F finds, Esc closes the panel", async ({ page }) => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const res = await ctx.post("/api/feeds", { data: { connectionId: conn.id, wizardStep: "import", language: "python", script: SCRIPT } });
  expect(res.status()).toBe(201);
  const feedId = (await res.json()).id as number;

  await signInUI(page, admin().email, admin().password);
  await page.goto(`/feeds/${feedId}/edit/import`);
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
  const editor = page.getByRole("textbox", { name: "Script", exact: true });
  await expect(editor).toContainText('outputStream.write({"order": order})');

  // Write on the empty last line (line 5). One input event, so it is one undo step however busy
  // the machine is (history joins keystrokes only within 500 ms of each other).
  const lines = editor.locator(".cm-line");
  await expect(lines).toHaveCount(5);
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("total = len(orders)");
  await expect(lines.nth(4)).toHaveText("total = len(orders)");

  // Undo empties the line completely; both redo keys bring it back.
  await page.keyboard.press("Control+z");
  await expect(lines.nth(4)).toHaveText("");
  await expect(editor).not.toContainText("total");
  await expect(lines).toHaveCount(5);
  await expect(lines.nth(3)).toHaveText('    outputStream.write({"order": order})');
  await page.keyboard.press("Control+Shift+z");
  await expect(lines.nth(4)).toHaveText("total = len(orders)");
  await page.keyboard.press("Control+z");
  await expect(lines.nth(4)).toHaveText("");
  await page.keyboard.press("Control+y");
  await expect(lines.nth(4)).toHaveText("total = len(orders)");

  // Find: the search package loads on the first Ctrl+F; the panel opens with its field focused,
  // every match is marked, Enter selects one.
  await expect(page.getByTestId("code-editor").locator(".cm-search")).toHaveCount(0);
  await page.keyboard.press("Control+f");
  const find = page.getByRole("textbox", { name: "Find", exact: true });
  await expect(find).toBeVisible();
  await expect(find).toBeFocused();
  await page.keyboard.type("orders");
  const matches = page.getByTestId("code-editor").locator(".cm-searchMatch");
  await expect(matches).toHaveCount(3);
  await page.keyboard.press("Enter");
  // The cursor was at the end, so the search wraps to the first match (line 2) and says so.
  await expect(page.getByTestId("code-editor").locator(".cm-searchMatch-selected")).toHaveText("orders");
  await expect(page.getByTestId("code-editor").locator(".cm-announced")).toContainText("on line 2");

  await page.keyboard.press("Escape");
  await expect(find).toBeHidden();
  await expect(editor).toBeFocused();
  await expect(matches).toHaveCount(0);
  // Typing now replaces the found word: the selection the search made stayed in the editor.
  await page.keyboard.type("items");
  await expect(editor).toContainText("items = [1, 2, 3]");
});
