"use client";

import { useRouter } from "next/navigation";
import { useRef } from "react";
import { toast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/api-client";
import { useStartRun, useUpdateFeed } from "@/lib/feeds/queries";
import { isRunActive } from "@/lib/runs/queries";
// A list row (no script) or a whole feed: only id, name, status and the last run are read.
import type { FeedSummaryOut as FeedOut } from "@/lib/feeds/schemas";
import { feedTitle } from "./feed-status-badge";

/** Run now, Pause and Resume, with their toasts; shared by the feeds list and the feed page. */
export function useFeedActions() {
  const router = useRouter();
  const start = useStartRun();
  const update = useUpdateFeed();

  // mutateAsync, not mutate's callbacks: those are skipped when the row unmounts first (resuming
  // a feed in the "Paused" filter removes its row on refetch), and the toast would be lost.
  // The button turns off only after React re-renders; a double click's second click comes before
  // that. Once the first run is claimed, a second request would queue a second run, so it is dropped here.
  const inFlight = useRef(new Set<number>());
  const run = (feed: FeedOut) => {
    if (inFlight.current.has(feed.id)) return Promise.resolve();
    inFlight.current.add(feed.id);
    return start.mutateAsync(feed.id).then(
      (r) =>
        toast.success(r.coalesced ? `Run #${r.id} of ${feedTitle(feed)} was already queued; it runs once` : `Run #${r.id} of ${feedTitle(feed)} queued`, {
          action: { label: "View run", onClick: () => router.push(`/runs/${r.id}`) },
        }),
      (e) => toast.error(errorMessage(e)),
    ).finally(() => inFlight.current.delete(feed.id));
  };

  const setPaused = (feed: FeedOut, paused: boolean) =>
    update.mutateAsync({ id: feed.id, status: paused ? "paused" : "active" }).then(
      () => toast.success(paused ? `${feedTitle(feed)} paused: its schedule stops until you resume it` : `${feedTitle(feed)} resumed`),
      (e) => toast.error(errorMessage(e)),
    );

  return {
    run,
    /** Why Run now is off for this feed (a draft, or a run already queued or running), or null. */
    runBlocked: (feed: FeedOut) =>
      feed.status === "draft" ? "Finish setting it up first" : isRunActive(feed.lastRun?.status) ? `Run #${feed.lastRun!.id} is ${feed.lastRun!.status}; one run at a time` : null,
    setPaused,
    /** The feed whose run or status change is on its way, to show a spinner on its button. */
    runningFor: start.isPending ? start.variables : undefined,
    pausingFor: update.isPending ? update.variables?.id : undefined,
  };
}
