"use client";

import { useEffect, useRef, useState } from "react";
import { toast } from "@/components/ui/toast";
import { PencilIcon, RefreshIcon } from "@/components/feeds/feed-icons";
import { StepSection } from "@/components/feeds/wizard/step-section";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/lib/api-client";
import { DESTINATION_LABELS, type DestinationType } from "@/lib/destinations/types";
import { useFeedState, useResetFeedState } from "@/lib/feeds/queries";
import type { FeedOut } from "@/lib/feeds/schemas";
import { StateEditDialog } from "./state-edit-dialog";

/** The incremental state (the script's `metadata`): view it, edit it, or reset it to {}. */
export function FeedStatePanel({ feed, canEdit }: { feed: FeedOut; canEdit: boolean }) {
  const state = useFeedState(feed.id);
  const reset = useResetFeedState();
  const [editing, setEditing] = useState(false);
  const [resetting, setResetting] = useState(false);
  const empty = state.data ? Object.keys(state.data.state).length === 0 : true;

  // A load run that ends commits new state: read it again when the feed's last run settles.
  const settled = feed.lastRun && feed.lastRun.status !== "queued" && feed.lastRun.status !== "running" ? `${feed.lastRun.id}:${feed.lastRun.status}` : null;
  const seen = useRef(settled);
  const { refetch } = state;
  useEffect(() => {
    if (settled === seen.current) return;
    seen.current = settled;
    if (settled) void refetch();
  }, [settled, refetch]);

  const onReset = () =>
    reset.mutate(feed.id, {
      onSuccess: () => {
        toast.success("State reset: the next run fetches everything again");
        setResetting(false);
      },
      onError: (e) => {
        toast.error(errorMessage(e));
        setResetting(false);
      },
    });

  return (
    <StepSection
      title="Incremental state"
      description={
        <>
          What the script saved with <code className="font-mono">metadata.save()</code> on its last successful load. The next run starts from it.
        </>
      }
      actions={
        canEdit && state.data ? (
          <>
            <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
              <PencilIcon className="size-3.5" />
              Edit state
            </Button>
            <Button variant="ghostDanger" size="sm" onClick={() => setResetting(true)} disabled={empty}>
              <RefreshIcon className="size-3.5" />
              Reset state
            </Button>
          </>
        ) : null
      }
    >
      {state.isPending ? (
        <Skeleton className="h-16 w-full" />
      ) : state.isError ? (
        <ErrorState error={state.error} onRetry={() => state.refetch()} retrying={state.isFetching} />
      ) : (
        <div className="space-y-2">
          <pre data-testid="feed-state" className="max-h-72 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-100 dark:bg-black/40">
            {JSON.stringify(state.data.state, null, 2)}
          </pre>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            {empty
              ? "Empty: the next run starts from {} and fetches everything."
              : `Committed with the data${state.data.destination ? ` in the ${DESTINATION_LABELS[state.data.destination as DestinationType] ?? state.data.destination} destination` : ""}; the next run starts from it.`}
          </p>
        </div>
      )}
      {state.data ? <StateEditDialog open={editing} feedId={feed.id} current={state.data.state} onClose={() => setEditing(false)} /> : null}
      <ConfirmDialog
        open={resetting}
        title="Reset the state?"
        description="The next run starts from {} and fetches everything again. Records already loaded stay in the table."
        confirmLabel="Reset state"
        pending={reset.isPending}
        onConfirm={onReset}
        onCancel={() => setResetting(false)}
      />
    </StepSection>
  );
}
