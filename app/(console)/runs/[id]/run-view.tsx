"use client";

import Link from "next/link";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { ChevronLeftIcon, StopIcon } from "@/components/feeds/feed-icons";
import { StepSection } from "@/components/feeds/wizard/step-section";
import { RunError } from "@/components/runs/run-error";
import { RunPreview } from "@/components/runs/run-preview";
import { RunStatusBadge } from "@/components/runs/run-status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorMessage } from "@/lib/api-client";
import { isRunActive, useCancelRun, useRun, type RunOut } from "@/lib/runs/queries";
import { RunFacts } from "./run-facts";
import { RunLogPanel } from "./run-log-panel";
import { WatcherDeliveries } from "./watcher-deliveries";

type Props = { initialRun: RunOut; feedName: string | null; canEdit: boolean };

export function RunView({ initialRun, feedName, canEdit }: Props) {
  const { data: run = initialRun } = useRun(initialRun.id, { initialData: initialRun });
  const cancel = useCancelRun();
  const [confirming, setConfirming] = useState(false);
  // Decided once: a run that was going when the page opened is followed live, a finished one is paged.
  const [followLive] = useState(() => isRunActive(initialRun.status));
  const active = isRunActive(run.status);
  const isTest = run.kind === "test";

  const onCancel = () =>
    cancel.mutate(run.id, {
      onSuccess: () => {
        toast.success(`Cancelling run #${run.id}: nothing it has not committed is loaded`);
        setConfirming(false);
      },
      onError: (e) => {
        toast.error(errorMessage(e));
        setConfirming(false);
      },
    });

  return (
    <div className="space-y-6">
      <div className="space-y-3">
        {run.feedId && feedName ? (
          <Link href={`/feeds/${run.feedId}`} className="inline-flex items-center gap-1 rounded text-sm text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
            <ChevronLeftIcon className="size-4" />
            {feedName}
          </Link>
        ) : (
          <Link href="/feeds" className="inline-flex items-center gap-1 rounded text-sm text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
            <ChevronLeftIcon className="size-4" />
            Feeds
          </Link>
        )}
        <div className="flex flex-wrap items-center justify-between gap-4">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight">Run #{run.id}</h1>
            <span data-testid="run-status" aria-live="polite">
              <RunStatusBadge status={run.status} partiallyLoaded={run.partiallyLoaded} />
            </span>
            <Badge tone={isTest ? "accent" : "neutral"}>{isTest ? "Test run" : "Load run"}</Badge>
            {run.cancelRequested && active ? <Badge tone="warning">Cancelling…</Badge> : null}
          </div>
          {canEdit && active ? (
            <Button variant="danger" onClick={() => setConfirming(true)} disabled={run.cancelRequested}>
              <StopIcon className="size-4" />
              Cancel run
            </Button>
          ) : null}
        </div>
      </div>

      {run.error && run.status !== "succeeded" ? <RunError error={run.error} errorKind={run.errorKind} /> : null}

      <RunFacts run={run} />

      <StepSection title="Logs" description={active ? "Streaming live while the run goes." : "Everything the script and Switchyard wrote during the run."}>
        <RunLogPanel runId={run.id} followLive={followLive} />
      </StepSection>

      <StepSection
        title="Preview"
        description={
          isTest
            ? "Up to 10 records the test fetched (a test writes nothing)."
            : run.status === "succeeded"
              ? "The first records of this run (up to 10), as loaded."
              : run.partiallyLoaded
                ? "Records the script wrote (up to 10). Only the destinations marked Committed above kept them."
                : "Records the script wrote before the run ended (up to 10). A run that does not succeed loads none of them."
        }
      >
        <RunPreview
          records={run.preview}
          columns={run.columns}
          emptyText={active ? "Records appear here when the run ends." : run.records === 0 ? "The run fetched no records." : "No preview was kept for this run."}
        />
      </StepSection>

      {!isTest ? <WatcherDeliveries notifications={run.notifications} finished={!active} /> : null}

      <ConfirmDialog
        open={confirming}
        title={`Cancel run #${run.id}?`}
        description={
          run.recordsLoaded > 0
            ? "The script is stopped and what this run has not committed yet is rolled back. The destinations it has already committed to keep those records and their state."
            : "The script is stopped and everything this run fetched is rolled back: nothing is loaded and the state stays as it was."
        }
        confirmLabel="Cancel run"
        cancelLabel="Keep running"
        pending={cancel.isPending}
        onConfirm={onCancel}
        onCancel={() => setConfirming(false)}
      />
    </div>
  );
}
