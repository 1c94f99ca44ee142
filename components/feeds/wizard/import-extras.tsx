"use client";

import { Button } from "@/components/ui/button";
import { ScriptApiReference } from "./script-api-reference";
import type { AuthType } from "./script-templates";

export { clearDraft, readDraft, writeDraft } from "./feed-draft";

// What the Import step shows only now and then, loaded when first shown (outside the page's first
// download, one chunk): the Script API reference, a restored draft of a live feed, and the
// Truncate and Insert warning.

type Props =
  | { kind: "truncate" }
  | { kind: "reference"; language: "python" | "javascript"; authType: AuthType }
  | { kind: "draft"; at: string; baseChanged: boolean; tested: boolean; onDiscard: () => void };

export function ImportExtra(props: Props) {
  if (props.kind === "truncate") return <TruncateMetadataWarning />;
  if (props.kind === "reference") return <ScriptApiReference language={props.language} authType={props.authType} />;
  const { at, baseChanged, tested, onDiscard } = props;
  return (
    <div
      role="status"
      data-testid="draft-restored"
      className="flex max-w-3xl flex-wrap items-center justify-between gap-3 rounded-lg border border-accent-100 bg-accent-50 p-3 text-sm text-zinc-800 dark:border-accent-700/50 dark:bg-accent-950/40 dark:text-zinc-200"
    >
      <p>
        Unsaved edits restored (last changed {new Date(at).toLocaleString()}). The feed keeps running its saved script until{" "}
        {tested ? "Next saves these tested edits." : "you test these edits and save them with Next."}
        {baseChanged ? " The saved feed has changed since these edits began." : ""}
      </p>
      <Button variant="secondary" size="sm" onClick={onDiscard}>
        Discard edits
      </Button>
    </div>
  );
}

function TruncateMetadataWarning() {
  return (
    <p
      role="note"
      data-testid="truncate-metadata-warning"
      className="mt-3 max-w-3xl rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200"
    >
      This script saves metadata, but Truncate and Insert replaces the whole table on every run: a run that resumes from the metadata and finds nothing new
      leaves the table empty. Choose Incremental, or fetch everything on each run without resuming from metadata.
    </p>
  );
}
