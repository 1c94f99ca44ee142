// Where a live feed's unsaved Import edits are kept (feed-draft.ts): this much is in the page, the
// rest loads only when there is a draft to restore or an edit to keep.
export const draftKey = (feedId: number) => `switchyard.feedDraft.${feedId}`;

export function hasDraft(feedId: number): boolean {
  try {
    return window.localStorage.getItem(draftKey(feedId)) !== null;
  } catch {
    return false;
  }
}
