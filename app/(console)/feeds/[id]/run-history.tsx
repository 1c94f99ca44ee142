"use client";

import Link from "next/link";
import { useState } from "react";
import { StepSection } from "@/components/feeds/wizard/step-section";
import { RunStatusBadge, formatCount, formatDuration, triggerLabel } from "@/components/runs/run-status-badge";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useFeedRuns } from "@/lib/feeds/queries";

const PAGE_SIZE = 10;

/** The feed's load runs, newest first, ten a page; each links to its run page. */
export function RunHistory({ feedId }: { feedId: number }) {
  const [page, setPage] = useState(1);
  const runs = useFeedRuns(feedId, page, PAGE_SIZE);
  const data = runs.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <StepSection title="Run history" description="Load runs of this feed. Test runs from the wizard are not listed here.">
      {runs.isPending ? (
        <TableSkeleton rows={3} columns={7} />
      ) : runs.isError && !data ? (
        <ErrorState error={runs.error} onRetry={() => runs.refetch()} retrying={runs.isFetching} />
      ) : !data || data.total === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
          No runs yet. Runs appear here when the trigger fires or someone presses Run now.
        </p>
      ) : (
        <>
          <div className={runs.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
            <Table aria-label="Run history">
              <THead>
                <tr>
                  <Th>Run</Th>
                  <Th>Status</Th>
                  <Th>Trigger</Th>
                  <Th>Started</Th>
                  <Th>Duration</Th>
                  <Th className="text-right">Written</Th>
                  <Th className="text-right">Loaded</Th>
                </tr>
              </THead>
              <TBody>
                {data.runs.map((run) => (
                  <Tr key={run.id}>
                    <Td>
                      <Link href={`/runs/${run.id}`} className="font-medium text-accent-700 hover:underline dark:text-accent-300">
                        Run #{run.id}
                      </Link>
                      {run.attempt > 1 ? <span className="ml-1.5 text-xs text-zinc-500">attempt {run.attempt}</span> : null}
                    </Td>
                    <Td>
                      <RunStatusBadge status={run.status} partiallyLoaded={run.partiallyLoaded} />
                    </Td>
                    <Td>{triggerLabel(run.trigger)}</Td>
                    <Td className="whitespace-nowrap">
                      {run.startedAt ? (
                        <time dateTime={run.startedAt} title={formatDateTime(run.startedAt)}>
                          {formatRelative(run.startedAt)}
                        </time>
                      ) : (
                        <span className="text-zinc-400 dark:text-zinc-500">Queued {formatRelative(run.queuedAt)}</span>
                      )}
                    </Td>
                    <Td className="tabular-nums">{formatDuration(run.durationMs)}</Td>
                    <Td className="text-right tabular-nums">{formatCount(run.recordsWritten)}</Td>
                    <Td className="text-right tabular-nums">{formatCount(run.recordsLoaded)}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
          <div className="mt-3 flex items-center justify-between gap-4 text-sm text-zinc-600 dark:text-zinc-400">
            <p aria-live="polite" className="flex items-center gap-2">
              Page {data.page} of {pages} · {data.total} {data.total === 1 ? "run" : "runs"}
              {runs.isFetching ? <Spinner className="size-3.5" label="Updating" /> : null}
            </p>
            <div className="flex gap-2">
              <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                Previous
              </Button>
              <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                Next
              </Button>
            </div>
          </div>
        </>
      )}
    </StepSection>
  );
}
