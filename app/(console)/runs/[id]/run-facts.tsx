"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { formatBytes, formatCount, formatDuration, triggerLabel } from "@/components/runs/run-status-badge";
import { formatDateTime } from "@/components/ui/format";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { isRunActive, useElapsed, type RunOut } from "@/lib/runs/queries";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0 bg-white px-4 py-3 dark:bg-zinc-900">
      <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 truncate text-sm font-medium tabular-nums">{children}</dd>
    </div>
  );
}

const OUTCOME: Record<string, { tone: BadgeTone; label: string }> = {
  committed: { tone: "success", label: "Committed" },
  rolled_back: { tone: "neutral", label: "Rolled back" },
  failed: { tone: "danger", label: "Failed" },
  skipped: { tone: "neutral", label: "Not loaded" },
};

/** What became of each destination of a load run. */
function DestinationOutcomes({ destinations }: { destinations: NonNullable<RunOut["destinations"]> }) {
  return (
    <div className="col-span-full bg-white px-4 py-3 dark:bg-zinc-900">
      <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Destinations</p>
      <ul aria-label="Destinations" className="mt-1 space-y-1 text-sm">
        {destinations.map((d, i) => (
          <li key={`${d.type}-${i}`} className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{d.type}</span>
            <Badge tone={OUTCOME[d.status]?.tone ?? "neutral"}>{OUTCOME[d.status]?.label ?? d.status}</Badge>
            {d.status === "committed" ? <span className="tabular-nums text-zinc-600 dark:text-zinc-400">{formatCount(d.records)} records</span> : null}
            {d.error ? <span className="min-w-0 break-words text-red-700 dark:text-red-400">{d.error}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** When, how long, how much and who: the run's numbers in one strip, moving while the run goes. */
export function RunFacts({ run }: { run: RunOut }) {
  const active = isRunActive(run.status);
  const elapsed = useElapsed(run.startedAt, active && run.startedAt !== null);
  return (
    <dl className="grid grid-cols-2 gap-px overflow-hidden rounded-xl border border-zinc-200 bg-zinc-100 shadow-sm sm:grid-cols-4 dark:border-zinc-800 dark:bg-zinc-800">
      <Fact label="Trigger">{triggerLabel(run.trigger)}</Fact>
      <Fact label="Queued">{formatDateTime(run.queuedAt)}</Fact>
      <Fact label="Started">{formatDateTime(run.startedAt)}</Fact>
      <Fact label="Finished">{formatDateTime(run.finishedAt)}</Fact>
      <Fact label="Duration">
        <span data-testid="run-duration">{formatDuration(elapsed ?? run.durationMs)}</span>
      </Fact>
      <Fact label="Records written">
        <span data-testid="run-records-written">{formatCount(run.recordsWritten)}</span>
      </Fact>
      <Fact label="Records loaded">
        <span data-testid="run-records-loaded">{run.kind === "test" ? "— (a test loads nothing)" : formatCount(run.recordsLoaded)}</span>
      </Fact>
      <Fact label="Data">{formatBytes(run.bytes)}</Fact>
      <Fact label="Attempt">
        {run.attempt}
        {run.retryOf ? (
          <>
            {" "}
            (retry of{" "}
            <Link href={`/runs/${run.retryOf}`} className="text-accent-700 hover:underline dark:text-accent-300">
              #{run.retryOf}
            </Link>
            )
          </>
        ) : null}
      </Fact>
      {run.destinations?.length ? <DestinationOutcomes destinations={run.destinations} /> : null}
      {run.createdBy ? (
        <p className="col-span-full bg-white px-4 py-2 text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">Started by {run.createdBy}</p>
      ) : null}
    </dl>
  );
}
