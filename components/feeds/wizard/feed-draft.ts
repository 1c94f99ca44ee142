import { draftKey } from "./draft-key";
import type { ImportStepValues } from "./step-schemas";
import type { ScriptSource } from "./use-script-test";

/**
 * Edits of a running (active or paused) feed's Import step, kept in this browser until Next saves
 * them: a reload restores them, and the live feed never sees them. Per feed, per browser: an edit
 * in progress is one person's, and nobody else's schedule, webhook or editor is affected by it.
 */
export type FeedDraft = {
  values: ImportStepValues;
  /** When the edits were last changed (ISO). */
  at: string;
  /** The saved feed's updatedAt the edits started from, to say when it changed meanwhile. */
  base: string | null;
  /** The script, language and dependencies the last passed test ran, if any. */
  passed: ScriptSource | null;
};

const key = draftKey;

export function readDraft(feedId: number): FeedDraft | null {
  try {
    const text = window.localStorage.getItem(key(feedId));
    return text ? (JSON.parse(text) as FeedDraft) : null;
  } catch {
    return null;
  }
}

export function writeDraft(feedId: number, draft: FeedDraft): void {
  try {
    window.localStorage.setItem(key(feedId), JSON.stringify(draft));
  } catch {
    // storage full or disabled: the edits live as long as the page
  }
}

export function clearDraft(feedId: number): void {
  try {
    window.localStorage.removeItem(key(feedId));
  } catch {
    // nothing stored
  }
}
