"use client";

import { RunLogs } from "@/components/runs/run-logs";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useRunEvents, useRunLogs } from "@/lib/runs/queries";

/** Live lines over Server-Sent Events while the run goes; a finished run's log, paged. */
export function RunLogPanel({ runId, followLive }: { runId: number; followLive: boolean }) {
  return followLive ? <LiveLog runId={runId} /> : <StoredLog runId={runId} />;
}

function LiveLog({ runId }: { runId: number }) {
  const stream = useRunEvents(runId);
  return (
    <div className="space-y-2">
      <RunLogs lines={stream.lines} live={stream.live} emptyText="Waiting for the run to start…" />
      {stream.error ? <p className="text-xs text-amber-700 dark:text-amber-400">{stream.error}</p> : null}
    </div>
  );
}

function StoredLog({ runId }: { runId: number }) {
  const logs = useRunLogs(runId, true);
  if (logs.isPending) return <Skeleton className="h-72 w-full" />;
  if (logs.isError) return <ErrorState error={logs.error} onRetry={() => logs.refetch()} retrying={logs.isFetching} />;
  const lines = logs.data.pages.flatMap((p) => p.lines);
  return (
    <RunLogs
      lines={lines}
      emptyText="This run wrote no log lines."
      footer={
        logs.hasNextPage ? (
          <div className="py-2">
            <Button variant="secondary" size="sm" onClick={() => logs.fetchNextPage()} loading={logs.isFetchingNextPage}>
              Load more lines
            </Button>
          </div>
        ) : null
      }
    />
  );
}
