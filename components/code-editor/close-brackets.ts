import { syntaxTree } from "@codemirror/language";
import {
  CharCategory,
  codePointAt,
  codePointSize,
  EditorSelection,
  MapMode,
  RangeSet,
  RangeValue,
  StateEffect,
  StateField,
  type EditorState,
  type Extension,
  type SelectionRange,
  type Text,
  type TransactionSpec,
} from "@codemirror/state";
import { EditorView, type Command, type KeyBinding } from "@codemirror/view";

// Bracket and quote closing as @codemirror/autocomplete 6.20.4's closeBrackets() does it (MIT,
// Marijn Haverbeke and others), kept here because that package is one module: importing
// closeBrackets from it brings the whole of autocompletion (~10 kB gzipped) to the Import step,
// whose JavaScript is budgeted at 300 kB. Same behaviour: typing an opening bracket or quote
// inserts its pair (or wraps the selection); typing the closing one just before a closer this
// inserted steps over it; Python's triple quotes pair up; Backspace between a fresh pair
// deletes both. The language's `closeBrackets` data (brackets, string prefixes) applies.

type Config = { brackets?: string[]; before?: string; stringPrefixes?: string[] };
const DEFAULTS = { brackets: ["(", "[", "{", "'", '"'], before: ")]}:;>", stringPrefixes: [] as string[] };
const CLOSING: Record<string, string> = { "(": ")", "[": "]", "{": "}", "<": ">" };

// Where the closers this inserted sit, so only those are stepped over.
const closedEffect = StateEffect.define<number>({
  map: (pos, mapping) => mapping.mapPos(pos, -1, MapMode.TrackAfter) ?? undefined,
});
const closed = new (class extends RangeValue {})();
closed.startSide = 1;
closed.endSide = -1;
const closedField = StateField.define<RangeSet<RangeValue>>({
  create: () => RangeSet.empty,
  update(value, tr) {
    value = value.map(tr.changes);
    if (tr.selection) {
      // Moving to another line forgets them.
      const line = tr.state.doc.lineAt(tr.selection.main.head);
      value = value.update({ filter: (from) => from >= line.from && from <= line.to });
    }
    for (const effect of tr.effects) if (effect.is(closedEffect)) value = value.update({ add: [closed.range(effect.value, effect.value + 1)] });
    return value;
  },
});

const config = (state: EditorState, pos: number): Config => (state.languageDataAt<Config>("closeBrackets", pos)[0] as Config | undefined) ?? DEFAULTS;
const closingOf = (open: string) => CLOSING[open] ?? open;

function nextChar(doc: Text, pos: number) {
  const next = doc.sliceString(pos, pos + 2);
  return next.slice(0, codePointSize(codePointAt(next, 0)));
}
function prevChar(doc: Text, pos: number) {
  const prev = doc.sliceString(pos - 2, pos);
  return codePointSize(codePointAt(prev, 0)) == prev.length ? prev : prev.slice(1);
}
function closedAt(state: EditorState, pos: number) {
  let found = false;
  state.field(closedField).between(0, state.doc.length, (from) => {
    if (from == pos) found = true;
  });
  return found;
}

type Change = { changes?: { from: number; to?: number; insert: string } | Array<{ from: number; insert: string }>; range: SelectionRange; effects?: StateEffect<number> };

/** Each selection range's change, or null (leave the input alone) when one range does not apply. */
function byRange(state: EditorState, f: (range: SelectionRange) => Change | null): TransactionSpec | null {
  let refused = false;
  const spec = state.changeByRange((range) => f(range) ?? ((refused = true), { range }));
  return refused ? null : { ...spec, scrollIntoView: true, userEvent: "input.type" };
}

const pair = (at: number, open: string, close: string): Change => ({
  changes: { insert: open + close, from: at },
  effects: closedEffect.of(at + open.length),
  range: EditorSelection.cursor(at + open.length),
});
const wrap = (range: SelectionRange, open: string, close: string): Change => ({
  changes: [
    { insert: open, from: range.from },
    { insert: close, from: range.to },
  ],
  effects: closedEffect.of(range.to + open.length),
  range: EditorSelection.range(range.anchor + open.length, range.head + open.length),
});

function handleOpen(state: EditorState, open: string, close: string, before: string) {
  return byRange(state, (range) => {
    if (!range.empty) return wrap(range, open, close);
    const next = nextChar(state.doc, range.head);
    return !next || /\s/.test(next) || before.includes(next) ? pair(range.head, open, close) : null;
  });
}

function handleClose(state: EditorState, close: string) {
  return byRange(state, (range) =>
    range.empty && nextChar(state.doc, range.head) == close
      ? { changes: { from: range.head, to: range.head + close.length, insert: close }, range: EditorSelection.cursor(range.head + close.length) }
      : null,
  );
}

const nodeStart = (state: EditorState, pos: number) => {
  const node = syntaxTree(state).resolveInner(pos + 1);
  return Boolean(node.parent) && node.from == pos;
};

// Whether pos is inside a string literal that this quote would close rather than open.
function probablyInString(state: EditorState, pos: number, quote: string, prefixes: string[]) {
  let node = syntaxTree(state).resolveInner(pos, -1);
  const maxPrefix = prefixes.reduce((m, p) => Math.max(m, p.length), 0);
  for (let i = 0; i < 5; i++) {
    const start = state.sliceDoc(node.from, Math.min(node.to, node.from + quote.length + maxPrefix));
    const quotePos = start.indexOf(quote);
    if (!quotePos || (quotePos > -1 && prefixes.includes(start.slice(0, quotePos)))) {
      let first = node.firstChild;
      while (first && first.from == node.from && first.to - first.from > quote.length + quotePos) {
        if (state.sliceDoc(first.to - quote.length, first.to) == quote) return false;
        first = first.firstChild;
      }
      return true;
    }
    const parent = node.to == pos && node.parent;
    if (!parent) break;
    node = parent;
  }
  return false;
}

// Where a string starting at pos would begin (its prefix, as f in f"…", included), or -1.
function stringStart(state: EditorState, pos: number, prefixes: string[]) {
  const cat = state.charCategorizer(pos);
  if (cat(state.sliceDoc(pos - 1, pos)) != CharCategory.Word) return pos;
  for (const prefix of prefixes) {
    const start = pos - prefix.length;
    if (state.sliceDoc(start, pos) == prefix && cat(state.sliceDoc(start - 1, start)) != CharCategory.Word) return start;
  }
  return -1;
}

// A quote: its opening and closing are the same character (and maybe tripled, as in Python).
function handleSame(state: EditorState, quote: string, triple: boolean, prefixes: string[]) {
  return byRange(state, (range) => {
    if (!range.empty) return wrap(range, quote, quote);
    const pos = range.head;
    const next = nextChar(state.doc, pos);
    let start: number;
    if (next == quote) {
      if (nodeStart(state, pos)) return pair(pos, quote, quote);
      if (closedAt(state, pos)) {
        const content = triple && state.sliceDoc(pos, pos + quote.length * 3) == quote.repeat(3) ? quote.repeat(3) : quote;
        return { changes: { from: pos, to: pos + content.length, insert: content }, range: EditorSelection.cursor(pos + content.length) };
      }
    } else if (
      triple &&
      state.sliceDoc(pos - 2 * quote.length, pos) == quote + quote &&
      (start = stringStart(state, pos - 2 * quote.length, prefixes)) > -1 &&
      nodeStart(state, start)
    ) {
      return pair(pos, quote, quote.repeat(3));
    } else if (state.charCategorizer(pos)(next) != CharCategory.Word) {
      if (stringStart(state, pos, prefixes) > -1 && !probablyInString(state, pos, quote, prefixes)) return pair(pos, quote, quote);
    }
    return null;
  });
}

function insertBracket(state: EditorState, typed: string): TransactionSpec | null {
  const conf = config(state, state.selection.main.head);
  const tokens = conf.brackets ?? DEFAULTS.brackets;
  for (const token of tokens) {
    const close = closingOf(token);
    if (typed == token) {
      return close == token
        ? handleSame(state, token, tokens.includes(token.repeat(3)), conf.stringPrefixes ?? DEFAULTS.stringPrefixes)
        : handleOpen(state, token, close, conf.before ?? DEFAULTS.before);
    }
    if (typed == close && closedAt(state, state.selection.main.from)) return handleClose(state, close);
  }
  return null;
}

const android = typeof navigator == "object" && /Android\b/.test(navigator.userAgent);

const inputHandler = EditorView.inputHandler.of((view, from, to, insert) => {
  if ((android ? view.composing : view.compositionStarted) || view.state.readOnly) return false;
  const sel = view.state.selection.main;
  if (insert.length > 2 || (insert.length == 2 && codePointSize(codePointAt(insert, 0)) == 1) || from != sel.from || to != sel.to) return false;
  const spec = insertBracket(view.state, insert);
  if (!spec) return false;
  view.dispatch(spec);
  return true;
});

/** Backspace between an opening bracket or quote and its closer deletes both. */
const deleteBracketPair: Command = ({ state, dispatch }) => {
  if (state.readOnly) return false;
  const tokens = config(state, state.selection.main.head).brackets ?? DEFAULTS.brackets;
  let refused = false;
  const spec = state.changeByRange((range) => {
    if (range.empty) {
      const before = prevChar(state.doc, range.head);
      for (const token of tokens) {
        if (token == before && nextChar(state.doc, range.head) == closingOf(token))
          return { changes: { from: range.head - token.length, to: range.head + token.length }, range: EditorSelection.cursor(range.head - token.length) };
      }
    }
    refused = true;
    return { range };
  });
  if (refused) return false;
  dispatch(state.update(spec, { scrollIntoView: true, userEvent: "delete.backward" }));
  return true;
};

export const closeBracketsKeymap: KeyBinding[] = [{ key: "Backspace", run: deleteBracketPair }];

export function closeBrackets(): Extension {
  return [inputHandler, closedField];
}
