import { EditorSelection, StateEffect, StateField, type EditorState, type Extension } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin, showPanel, type Command, type DecorationSet, type Panel, type ViewUpdate } from "@codemirror/view";

// Find in the script (Mod-f), with every match highlighted. @codemirror/search is not among the
// project's dependencies, so this is a small case-insensitive equivalent.

type Search = { open: boolean; query: string };
const setSearch = StateEffect.define<Partial<Search>>();

const searchField = StateField.define<Search>({
  create: () => ({ open: false, query: "" }),
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setSearch)) value = { ...value, ...e.value };
    return value;
  },
  provide: (f) => showPanel.from(f, (s) => (s.open ? createPanel : null)),
});

/** Every match of the query, as [from, to] pairs. */
function matches(state: EditorState, query: string): Array<[number, number]> {
  if (!query) return [];
  const text = state.doc.toString().toLowerCase();
  const needle = query.toLowerCase();
  const out: Array<[number, number]> = [];
  for (let i = text.indexOf(needle); i >= 0 && out.length < 10_000; i = text.indexOf(needle, i + needle.length)) out.push([i, i + needle.length]);
  return out;
}

function select(view: EditorView, forward: boolean): boolean {
  const { query } = view.state.field(searchField);
  const all = matches(view.state, query);
  if (!all.length) return false;
  const { from, to } = view.state.selection.main;
  const next = forward ? (all.find(([f]) => f >= to) ?? all[0]) : (all.findLast(([, t]) => t <= from) ?? all.at(-1)!);
  view.dispatch({ selection: EditorSelection.single(next[0], next[1]), scrollIntoView: true, userEvent: "select.search" });
  return true;
}

export const findNext: Command = (view) => select(view, true);
export const findPrevious: Command = (view) => select(view, false);

export const openSearch: Command = (view) => {
  const { from, to } = view.state.selection.main;
  const selected = from !== to && to - from < 200 ? view.state.sliceDoc(from, to) : undefined;
  view.dispatch({ effects: setSearch.of({ open: true, ...(selected && !selected.includes("\n") ? { query: selected } : {}) }) });
  view.dom.querySelector<HTMLInputElement>(".cm-find-input")?.select();
  return true;
};

export const closeSearch: Command = (view) => {
  if (!view.state.field(searchField).open) return false;
  view.dispatch({ effects: setSearch.of({ open: false }) });
  view.focus();
  return true;
};

function button(label: string, text: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "cm-find-button";
  b.textContent = text;
  b.setAttribute("aria-label", label);
  b.addEventListener("click", onClick);
  return b;
}

function createPanel(view: EditorView): Panel {
  const dom = document.createElement("div");
  dom.className = "cm-find";
  dom.setAttribute("role", "search");
  const input = document.createElement("input");
  input.className = "cm-find-input";
  input.type = "search";
  input.placeholder = "Find";
  input.setAttribute("aria-label", "Find in script");
  input.value = view.state.field(searchField).query;
  const count = document.createElement("span");
  count.className = "cm-find-count";
  count.setAttribute("aria-live", "polite");
  const showCount = () => {
    const { query } = view.state.field(searchField);
    const all = matches(view.state, query);
    const { from, to } = view.state.selection.main;
    const at = all.findIndex(([f, t]) => f === from && t === to);
    count.textContent = !query ? "" : all.length === 0 ? "No matches" : at >= 0 ? `${at + 1} of ${all.length}` : `${all.length} matches`;
  };
  input.addEventListener("input", () => {
    view.dispatch({ effects: setSearch.of({ query: input.value }) });
    showCount();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      (e.shiftKey ? findPrevious : findNext)(view);
    } else if (e.key === "Escape") {
      e.preventDefault();
      closeSearch(view);
    }
  });
  dom.append(
    input,
    count,
    button("Previous match", "↑", () => findPrevious(view)),
    button("Next match", "↓", () => findNext(view)),
    button("Close find", "✕", () => closeSearch(view)),
  );
  return {
    dom,
    top: true,
    mount: () => {
      input.focus();
      input.select();
      showCount();
    },
    update: (u: ViewUpdate) => {
      if (u.docChanged || u.selectionSet || u.transactions.some((t) => t.effects.some((e) => e.is(setSearch)))) showCount();
    },
  };
}

const matchMark = Decoration.mark({ class: "cm-find-match" });

const highlightMatches = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = this.build(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged || u.viewportChanged || u.startState.field(searchField) !== u.state.field(searchField)) this.decorations = this.build(u.view);
    }
    build(view: EditorView): DecorationSet {
      const { open, query } = view.state.field(searchField);
      if (!open || !query) return Decoration.none;
      const { from, to } = view.viewport;
      return Decoration.set(matches(view.state, query).filter(([f, t]) => t >= from && f <= to).map(([f, t]) => matchMark.range(f, t)));
    }
  },
  { decorations: (p) => p.decorations },
);

export const search: Extension = [searchField, highlightMatches];
