import { describeLimits, TEST_PREVIEW_RECORDS, TEST_RUN_LIMITS } from "@/lib/runners/limits";

/** A test's limits, shown before it starts (from lib/runners/limits.ts, not copied numbers). */
export function TestLimits({ id }: { id?: string }) {
  return (
    <p id={id} data-testid="test-limits" className="text-xs text-zinc-500 dark:text-zinc-400">
      A test ends, and passes, once the script has written {TEST_PREVIEW_RECORDS} records (the preview). It may use at most {describeLimits(TEST_RUN_LIMITS)}, and
      writes nothing.
    </p>
  );
}

// Truncate and Insert replaces the table on every run; a script that resumes from metadata finds
// nothing new on its next run and so empties the table. Comment lines (the template's) do not count.
const SAVES_METADATA = /\bmetadata\.save\s*\(/;
const COMMENT_LINE = /^\s*(#|\/\/)/;
const savesMetadata = (script: string) => script.split("\n").some((line) => !COMMENT_LINE.test(line) && SAVES_METADATA.test(line));

export function TruncateMetadataWarning({ loadType, script }: { loadType: string; script: string }) {
  if (loadType !== "truncate_insert" || !savesMetadata(script)) return null;
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
