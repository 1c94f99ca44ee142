import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import {
  bracketMatching,
  getIndentation,
  getIndentUnit,
  HighlightStyle,
  IndentContext,
  indentOnInput,
  indentString,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { EditorSelection, EditorState, type ChangeSpec, type Extension, type SelectionRange } from "@codemirror/state";
import {
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  type Command,
} from "@codemirror/view";
import { tags as t } from "@lezer/highlight";
import { history, redo, undo } from "./history";
import { closeSearch, findNext, findPrevious, openSearch, search } from "./search";

// What `basicSetup` from the `codemirror` package would give: the installed `codemirror` package is
// the legacy CodeMirror 5 line, so the editing commands it would bring are written here.

const BRACKETS: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/** Enter: a new line indented as the language says (after `for x in y:` one level deeper). */
const insertNewlineAndIndent: Command = (view) => {
  const { state } = view;
  const changes = state.changeByRange((range) => {
    const { from, to } = range;
    const line = state.doc.lineAt(from);
    const explode = from === to && BRACKETS[state.sliceDoc(from - 1, from)] === state.sliceDoc(from, from + 1);
    const cx = new IndentContext(state, { simulateBreak: from, simulateDoubleBreak: explode });
    let indent = getIndentation(cx, from);
    if (indent === null) indent = /^\s*/.exec(line.text)![0].replace(/\t/g, " ".repeat(state.tabSize)).length;
    // Drop trailing spaces left before the cursor, as editors do.
    let start = from;
    while (start > line.from && /[ \t]/.test(state.sliceDoc(start - 1, start))) start--;
    if (start === line.from) start = from;
    const insert = ["\n", indentString(state, indent)];
    if (explode) insert.push("\n", indentString(state, Math.max(0, indent - getIndentUnit(state))));
    const text = insert.join("");
    const cursor = start + 1 + indentString(state, indent).length;
    return { changes: { from: start, to, insert: text }, range: EditorSelection.cursor(cursor) };
  });
  view.dispatch(state.update(changes, { scrollIntoView: true, userEvent: "input" }));
  return true;
};

function selectedLines(state: EditorState, range: SelectionRange) {
  const first = state.doc.lineAt(range.from).number;
  const last = state.doc.lineAt(range.to > range.from && state.doc.lineAt(range.to).from === range.to ? range.to - 1 : range.to).number;
  return Array.from({ length: last - first + 1 }, (_, i) => state.doc.line(first + i));
}

/** Tab: indent the selected lines, or insert one indent unit at the cursor. */
const indentMore: Command = (view) => {
  const { state } = view;
  const unit = state.facet(indentUnit);
  if (state.selection.ranges.every((r) => r.empty)) {
    view.dispatch(state.replaceSelection(unit), { userEvent: "input" });
    return true;
  }
  const changes: ChangeSpec[] = [];
  for (const r of state.selection.ranges) for (const line of selectedLines(state, r)) changes.push({ from: line.from, insert: unit });
  view.dispatch({ changes, userEvent: "input.indent" });
  return true;
};

/** Shift-Tab: remove one indent unit from the start of the selected lines. */
const indentLess: Command = (view) => {
  const { state } = view;
  const size = getIndentUnit(state);
  const changes: ChangeSpec[] = [];
  for (const r of state.selection.ranges) {
    for (const line of selectedLines(state, r)) {
      const lead = /^ */.exec(line.text)![0].length;
      const remove = lead % size || Math.min(size, lead);
      if (remove) changes.push({ from: line.from, to: line.from + remove });
    }
  }
  if (changes.length) view.dispatch({ changes, userEvent: "delete.dedent" });
  return true;
};

/** Mod-/: comment or uncomment the selected lines with the language's line comment (# or //). */
const toggleLineComment: Command = (view) => {
  const { state } = view;
  const token = state.languageDataAt<{ line?: string }>("commentTokens", state.selection.main.head)[0]?.line;
  if (!token) return false;
  const lines = state.selection.ranges.flatMap((r) => selectedLines(state, r)).filter((l) => l.text.trim());
  if (!lines.length) return true;
  const commented = lines.every((l) => l.text.trimStart().startsWith(token));
  const changes = lines.map((l) => {
    const at = l.from + /^\s*/.exec(l.text)![0].length;
    if (!commented) return { from: at, insert: `${token} ` };
    const withSpace = l.text.slice(at - l.from).startsWith(`${token} `);
    return { from: at, to: at + token.length + (withSpace ? 1 : 0) };
  });
  view.dispatch({ changes, userEvent: "input.comment" });
  return true;
};

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword], color: "var(--cm-keyword)" },
  { tag: [t.string, t.special(t.string), t.regexp], color: "var(--cm-string)" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "var(--cm-number)" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "var(--cm-comment)", fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.definition(t.function(t.variableName))], color: "var(--cm-function)" },
  { tag: [t.className, t.typeName, t.definition(t.className)], color: "var(--cm-type)" },
  { tag: [t.propertyName, t.attributeName], color: "var(--cm-property)" },
  { tag: [t.self, t.special(t.variableName)], color: "var(--cm-keyword)", fontStyle: "italic" },
  { tag: t.invalid, color: "var(--cm-invalid)" },
]);

const theme = EditorView.theme({
  "&": { fontSize: "13px", backgroundColor: "var(--cm-bg)", color: "var(--cm-fg)", height: "100%" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", lineHeight: "1.6" },
  ".cm-content": { caretColor: "var(--cm-caret)", padding: "8px 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--cm-caret)", borderLeftWidth: "2px" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "var(--cm-selection) !important" },
  ".cm-gutters": { backgroundColor: "var(--cm-gutter-bg)", color: "var(--cm-gutter-fg)", borderRight: "1px solid var(--cm-border)" },
  ".cm-activeLine": { backgroundColor: "var(--cm-active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--cm-active-line)", color: "var(--cm-fg)" },
  ".cm-matchingBracket": { backgroundColor: "var(--cm-selection)", outline: "1px solid var(--cm-border)" },
  ".cm-panels": { backgroundColor: "var(--cm-gutter-bg)", color: "var(--cm-fg)", borderBottom: "1px solid var(--cm-border)" },
  ".cm-find": { display: "flex", alignItems: "center", gap: "6px", padding: "6px 8px", fontSize: "12px" },
  ".cm-find-input": {
    height: "26px",
    width: "220px",
    padding: "0 8px",
    borderRadius: "5px",
    border: "1px solid var(--cm-border)",
    backgroundColor: "var(--cm-bg)",
    color: "var(--cm-fg)",
  },
  ".cm-find-count": { minWidth: "70px", color: "var(--cm-gutter-fg)" },
  ".cm-find-button": { height: "26px", minWidth: "26px", borderRadius: "5px", border: "1px solid var(--cm-border)", backgroundColor: "var(--cm-bg)" },
  ".cm-find-match": { backgroundColor: "var(--cm-match)", borderRadius: "2px" },
});

export const editingKeymap = keymap.of([
  ...closeBracketsKeymap,
  { key: "Enter", run: insertNewlineAndIndent },
  { key: "Tab", run: indentMore, shift: indentLess },
  { key: "Mod-z", run: undo, preventDefault: true },
  { key: "Mod-y", run: redo, preventDefault: true },
  { key: "Mod-Shift-z", run: redo, preventDefault: true },
  { key: "Mod-f", run: openSearch, scope: "editor search-panel", preventDefault: true },
  { key: "F3", run: findNext, shift: findPrevious, scope: "editor search-panel", preventDefault: true },
  { key: "Mod-g", run: findNext, shift: findPrevious, scope: "editor search-panel", preventDefault: true },
  { key: "Escape", run: closeSearch, scope: "editor search-panel" },
  { key: "Mod-/", run: toggleLineComment },
]);

/**
 * Line numbers, highlighting, auto-indent, bracket matching and closing, history, find. Folding,
 * autocompletion and rectangular selection are left out: they cost ~13 kB gzipped for little use
 * in scripts of a screen or two.
 */
export const editorSetup: Extension = [
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightSpecialChars(),
  history,
  drawSelection(),
  dropCursor(),
  EditorState.allowMultipleSelections.of(true),
  indentOnInput(),
  indentUnit.of("    "),
  syntaxHighlighting(highlight),
  bracketMatching(),
  closeBrackets(),
  highlightActiveLine(),
  search,
  editingKeymap,
  theme,
];
