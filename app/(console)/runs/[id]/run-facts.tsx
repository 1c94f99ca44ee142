import Link from "next/link";
import type { ReactNode } from "react";
import { formatBytes, formatCount, formatDuration, triggerLabel } from "@/components/runs/run-status-badge";
import { formatDateTime } from "@/components/ui/format";
import type { RunOut } from "@/lib/runs/queries";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0 bg-white px-4 py-3 dark:bg-zinc-900">
      <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 truncate text-sm font-medium tabular-nums">{children}</dd>
    </div>
  );
}

/** When, how long, how much and who: the run's numbers in one strip. */
export function RunFacts({ run }: { run: RunOut }) {
  return (
    <dl className="grid grid-cols-2 gap-px overflow-hidden rounded-xl border border-zinc-200 bg-zinc-100 shadow-sm sm:grid-cols-4 dark:border-zinc-800 dark:bg-zinc-800">
      <Fact label="Trigger">{triggerLabel(run.trigger)}</Fact>
      <Fact label="Queued">{formatDateTime(run.queuedAt)}</Fact>
      <Fact label="Started">{formatDateTime(run.startedAt)}</Fact>
      <Fact label="Finished">{formatDateTime(run.finishedAt)}</Fact>
      <Fact label="Duration">{formatDuration(run.durationMs)}</Fact>
      <Fact label="Records">{formatCount(run.records)}</Fact>
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
      {run.createdBy ? (
        <p className="col-span-full bg-white px-4 py-2 text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">Started by {run.createdBy}</p>
      ) : null}
    </dl>
  );
}
