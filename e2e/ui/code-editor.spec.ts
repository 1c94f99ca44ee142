import { expect, test, type Page } from "@playwright/test";
import { admin, asAdmin } from "../support/api";
import { createConnection } from "../support/feeds";
import { signInUI } from "../support/ui";

// The script editor on the wizard's Import step: undo and redo (@codemirror/commands), the find
// panel (@codemirror/search), bracket closing, auto-indent and highlighting in both languages,
// driven from the keyboard as a person would.

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

/** The colour a --cm-* palette variable resolves to inside the editor (light or dark, as the page is). */
async function paletteColor(page: Page, variable: string) {
  return page.getByTestId("code-editor").evaluate((host, v) => {
    const probe = host.appendChild(document.createElement("span"));
    probe.style.color = `var(${v})`;
    const color = getComputedStyle(probe).color;
    probe.remove();
    return color;
  }, variable);
}

async function openImportStep(page: Page, language: "python" | "javascript", script: string) {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const res = await ctx.post("/api/feeds", { data: { connectionId: conn.id, wizardStep: "import", language, script } });
  expect(res.status()).toBe(201);
  await page.goto(`/feeds/${(await res.json()).id}/edit/import`);
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-language", language);
  const editor = page.getByRole("textbox", { name: "Script", exact: true });
  await expect(editor).toContainText(script.split("\n")[0]!);
  return editor;
}

test("brackets and quotes close as typed, a typed closer steps over; Python indents after a colon, JavaScript inside braces; both highlight", async ({
  page,
}) => {
  await signInUI(page, admin().email, admin().password);

  // Python: the grammar is loaded (keywords in the keyword colour, strings in the string colour).
  let editor = await openImportStep(page, "python", SCRIPT);
  await expect(editor.locator("span", { hasText: /^for$/ }).first()).toHaveCSS("color", await paletteColor(page, "--cm-keyword"));
  await expect(editor.locator("span", { hasText: /^"order"$/ }).first()).toHaveCSS("color", await paletteColor(page, "--cm-string"));

  const lines = editor.locator(".cm-line");
  await expect(lines).toHaveCount(5);
  await editor.click();
  await page.keyboard.press("Control+End");
  // "(" inserts "()" with the cursor inside; typing ")" there steps over the closer.
  await page.keyboard.type("print(");
  await expect(lines.nth(4)).toHaveText("print()");
  // The cursor sits at a bracket: it and its partner are marked.
  await expect(editor.locator(".cm-matchingBracket")).toHaveCount(2);
  await page.keyboard.type('"');
  await expect(lines.nth(4)).toHaveText('print("")');
  await page.keyboard.type('a")');
  await expect(lines.nth(4)).toHaveText('print("a")');
  // Backspace between a fresh pair deletes both halves.
  await page.keyboard.type(" + [");
  await expect(lines.nth(4)).toHaveText('print("a") + []');
  await page.keyboard.press("Backspace");
  await expect(lines.nth(4)).toHaveText('print("a") + ');

  // A block after "if x:" is indented one unit (four spaces), and Enter keeps that indentation.
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("if x:");
  await page.keyboard.press("Enter");
  await page.keyboard.type("y = 1");
  await expect(lines.nth(6)).toHaveText("    y = 1");
  await page.keyboard.press("Enter");
  await page.keyboard.type("z = 2");
  await expect(lines.nth(7)).toHaveText("    z = 2");
  // "else:" typed at the block's depth moves back to the "if".
  await page.keyboard.press("Enter");
  await page.keyboard.type("else:");
  await expect(lines.nth(8)).toHaveText("else:");

  // JavaScript: keywords highlighted, "{" closes, Enter between the braces opens an indented line.
  editor = await openImportStep(page, "javascript", 'const rows = [1, 2];\nfor (const row of rows) console.log("row", row);\n');
  await expect(editor.locator("span", { hasText: /^const$/ }).first()).toHaveCSS("color", await paletteColor(page, "--cm-keyword"));
  await expect(editor.locator("span", { hasText: /^"row"$/ }).first()).toHaveCSS("color", await paletteColor(page, "--cm-string"));
  const jsLines = editor.locator(".cm-line");
  await expect(jsLines).toHaveCount(3);
  await editor.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("function f(a) {");
  await expect(jsLines.nth(2)).toHaveText("function f(a) {}");
  await page.keyboard.press("Enter");
  await page.keyboard.type("return a;");
  await expect(jsLines.nth(3)).toHaveText("  return a;");
  await expect(jsLines.nth(4)).toHaveText("}");
  // Tab indents the line (one unit more), Shift+Tab takes it back.
  await page.keyboard.press("Tab");
  await expect(jsLines.nth(3)).toHaveText("    return a;");
  await page.keyboard.press("Shift+Tab");
  await expect(jsLines.nth(3)).toHaveText("  return a;");
});
