import { Annotation, ChangeSet, EditorSelection, StateEffect, StateField, type Transaction } from "@codemirror/state";
import type { Command } from "@codemirror/view";

// Undo and redo. @codemirror/commands (where CodeMirror's own history lives) is not among the
// project's dependencies, so this is a small equivalent: typing within a short pause is one step.

type Entry = { changes: ChangeSet; selection: EditorSelection; at: number; event: string | undefined };
type Stacks = { done: Entry[]; undone: Entry[] };

const GROUP_MS = 600;
const DEPTH = 200;
const fromHistory = Annotation.define<boolean>();
const setStacks = StateEffect.define<Stacks>();

function eventOf(tr: Transaction): string | undefined {
  for (const e of ["input.type", "delete", "input.paste", "input.drop", "input"]) if (tr.isUserEvent(e)) return e;
  return undefined;
}

export const history = StateField.define<Stacks>({
  create: () => ({ done: [], undone: [] }),
  update(stacks, tr) {
    for (const e of tr.effects) if (e.is(setStacks)) return e.value;
    if (tr.annotation(fromHistory) || !tr.docChanged) return stacks;
    const inverse = tr.changes.invert(tr.startState.doc);
    const event = eventOf(tr);
    const last = stacks.done.at(-1);
    const now = Date.now();
    // Consecutive typing (or deleting) merges into one step; anything else starts a new one.
    if (last && event && last.event === event && (event === "input.type" || event === "delete") && now - last.at < GROUP_MS) {
      return { done: [...stacks.done.slice(0, -1), { ...last, changes: inverse.compose(last.changes), at: now }], undone: [] };
    }
    return { done: [...stacks.done, { changes: inverse, selection: tr.startState.selection, at: now, event }].slice(-DEPTH), undone: [] };
  },
});

function move(from: "done" | "undone"): Command {
  return (view) => {
    const stacks = view.state.field(history, false);
    const entry = stacks?.[from].at(-1);
    if (!stacks || !entry) return false;
    const to = from === "done" ? "undone" : "done";
    const back: Entry = { changes: entry.changes.invert(view.state.doc), selection: view.state.selection, at: 0, event: undefined };
    view.dispatch({
      changes: entry.changes,
      selection: entry.selection,
      scrollIntoView: true,
      annotations: fromHistory.of(true),
      userEvent: from === "done" ? "undo" : "redo",
      effects: setStacks.of({ ...stacks, [from]: stacks[from].slice(0, -1), [to]: [...stacks[to], back] } as Stacks),
    });
    return true;
  };
}

export const undo = move("done");
export const redo = move("undone");
