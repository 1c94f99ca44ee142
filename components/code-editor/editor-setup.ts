import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, HighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
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
import { closeBrackets, closeBracketsKeymap } from "./close-brackets";

// What `basicSetup` from the `codemirror` package would give, minus folding, autocompletion and
// rectangular selection (~13 kB gzipped for little use in scripts of a screen or two). The
// installed `codemirror` package is the legacy CodeMirror 5 line, so the pieces are picked here
// from @codemirror/commands (editing, undo history) and @codemirror/search (find and replace).
// Bracket closing is ./close-brackets, not @codemirror/autocomplete's: that package is one module
// and bundles whole, completion UI and all (measured: leaving it out took 10.6 kB gzipped off the
// Import step, 308.3 -> 297.7 kB, with code-editor.tsx's languages no longer importing it either).

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
  ".cm-panels": { backgroundColor: "var(--cm-gutter-bg)", color: "var(--cm-fg)" },
  ".cm-panels.cm-panels-top": { borderBottom: "1px solid var(--cm-border)" },
  ".cm-panel.cm-search": { padding: "6px 28px 6px 8px", fontSize: "12px", fontFamily: "inherit" },
  ".cm-panel.cm-search label": { fontSize: "12px" },
  ".cm-textfield": {
    height: "26px",
    padding: "0 8px",
    borderRadius: "5px",
    border: "1px solid var(--cm-border)",
    backgroundColor: "var(--cm-bg)",
    color: "var(--cm-fg)",
    fontSize: "12px",
  },
  ".cm-button": {
    height: "26px",
    padding: "0 8px",
    borderRadius: "5px",
    border: "1px solid var(--cm-border)",
    backgroundColor: "var(--cm-bg)",
    backgroundImage: "none",
    color: "var(--cm-fg)",
    fontSize: "12px",
  },
  ".cm-panel.cm-search [name=close]": { color: "var(--cm-fg)", fontSize: "16px" },
  ".cm-searchMatch": { backgroundColor: "var(--cm-match)", borderRadius: "2px" },
  ".cm-searchMatch.cm-searchMatch-selected": { outline: "2px solid var(--cm-caret)" },
});

// The search panel's labels, capitalised as the rest of the console writes them.
const phrases = EditorState.phrases.of({
  next: "Next",
  previous: "Previous",
  all: "All",
  "match case": "Match case",
  regexp: "Regexp",
  "by word": "By word",
  replace: "Replace",
  "replace all": "Replace all",
  close: "Close search",
  go: "Go",
});

// @codemirror/search (~7 kB gzipped) is fetched on the first Mod-f, F3 or Mod-g rather than with
// the editor: the Import step's JavaScript is budgeted (300 kB) and most visits never search.
// Until then these keys load it, switch it on in this compartment (whose keymap then answers
// them first) and run the command; once loaded they step aside.
const searchSlot = new Compartment();
let searchPackage: Promise<typeof import("@codemirror/search")> | undefined;

const searchOn = (state: EditorState) => {
  const slot = searchSlot.get(state);
  return Array.isArray(slot) ? slot.length > 0 : Boolean(slot);
};

function withSearch(command: "openSearchPanel" | "findNext" | "findPrevious"): Command {
  return (view) => {
    if (searchOn(view.state)) return false; // the search keymap has the key now
    searchPackage ??= import("@codemirror/search");
    searchPackage.then(
      (m) => {
        if (!view.dom.isConnected) return; // the editor was destroyed meanwhile
        if (!searchOn(view.state)) view.dispatch({ effects: searchSlot.reconfigure([m.search({ top: true }), keymap.of(m.searchKeymap)]) });
        m[command](view);
      },
      () => {
        // Offline or a failed chunk: the next key press tries again.
        searchPackage = undefined;
      },
    );
    return true;
  };
}

const lazySearchKeymap = keymap.of([
  { key: "Mod-f", run: withSearch("openSearchPanel"), scope: "editor", preventDefault: true },
  { key: "F3", run: withSearch("findNext"), shift: withSearch("findPrevious"), scope: "editor", preventDefault: true },
  { key: "Mod-g", run: withSearch("findNext"), shift: withSearch("findPrevious"), scope: "editor", preventDefault: true },
]);

/**
 * Line numbers, highlighting, auto-indent, bracket matching and closing, undo history
 * (Mod-z; Mod-y and Mod-Shift-z redo), find and replace (Mod-f, F3/Mod-g, Esc closes; the
 * search package loads on first use). Tab indents; Esc then Tab (or Ctrl-m) moves focus out of
 * the editor, as CodeMirror's tab focus mode does.
 */
export const editorSetup: Extension = [
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightSpecialChars(),
  history(),
  drawSelection(),
  dropCursor(),
  EditorState.allowMultipleSelections.of(true),
  indentOnInput(),
  indentUnit.of("    "),
  syntaxHighlighting(highlight),
  bracketMatching(),
  closeBrackets(),
  highlightActiveLine(),
  searchSlot.of([]),
  keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
  lazySearchKeymap,
  phrases,
  theme,
];
