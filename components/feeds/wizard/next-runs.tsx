"use client";

import { useId } from "react";
import { formatDue } from "../trigger-text";
import { AlertIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { useTriggerPreview } from "@/lib/triggers/queries";
import { ClockIcon } from "../feed-icons";

function formatIn(timeZone: string) {
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  }
}

// What each trigger field is called on screen, so the preview can name the field its error is about.
const FIELD_LABEL: Record<string, string> = { every: "Every", unit: "Unit", days: "Days", time: "Time", cron: "Cron expression", timezone: "Time zone", at: "Date and time" };

/** The live "Next 5 runs" of the trigger being edited, in its time zone, or why it is invalid. */
export function NextRuns({ trigger, timeZone }: { trigger: Record<string, unknown> | null; timeZone: string }) {
  const headingId = useId();
  const preview = useTriggerPreview(trigger);
  const data = preview.data;
  const stale = preview.isPlaceholderData || preview.pending;
  const format = formatIn(timeZone);

  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-zinc-200 bg-zinc-50/70 p-4 lg:self-start dark:border-zinc-800 dark:bg-zinc-950/40">
      <div className="mb-3 flex items-center justify-between gap-3">
        <h3 id={headingId} className="flex items-center gap-2 text-sm font-semibold">
          <ClockIcon className="size-4 text-zinc-400" />
          Next 5 runs
        </h3>
        {preview.isFetching ? <Spinner className="size-3.5 text-zinc-400" label="Updating the preview" /> : null}
      </div>
      {/* Dimmed while the shown runs belong to what was typed before. */}
      <div aria-live="polite" aria-busy={stale || undefined} className={stale ? "opacity-50 transition-opacity" : "transition-opacity"}>
        {preview.isError ? (
          <p className="text-sm text-red-600 dark:text-red-400">Could not preview the schedule: {preview.error.message}</p>
        ) : !data ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">Working out the next runs…</p>
        ) : !data.valid ? (
          <p role="alert" data-testid="trigger-preview-error" className="flex items-start gap-2 text-sm font-medium text-red-600 dark:text-red-400">
            <AlertIcon className="mt-0.5 size-4 shrink-0" />
            {data.field && FIELD_LABEL[data.field] ? `${FIELD_LABEL[data.field]}: ${data.error}` : data.error}
          </p>
        ) : data.nextRuns.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">It will not run again.</p>
        ) : (
          <>
            <ol className="space-y-1.5 text-sm" aria-label="Next runs">
              {data.nextRuns.map((iso) => (
                <li key={iso} className="flex items-baseline justify-between gap-4">
                  <time dateTime={iso} className="font-mono text-[13px] tabular-nums">
                    {format.format(new Date(iso))}
                  </time>
                  <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">{formatDue(iso)}</span>
                </li>
              ))}
            </ol>
            {data.cron ? (
              <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
                As cron: <code className="font-mono">{data.cron}</code> ({timeZone})
              </p>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}
