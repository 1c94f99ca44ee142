"use client";

import Link from "next/link";
import { useState } from "react";
import { ChevronLeftIcon, PauseIcon, PencilIcon, PlayIcon } from "@/components/feeds/feed-icons";
import { FeedStatusBadge, feedTitle } from "@/components/feeds/feed-status-badge";
import { useFeedActions } from "@/components/feeds/use-feed-actions";
import { WebhookDetails } from "@/components/feeds/webhook-details";
import { StepSection } from "@/components/feeds/wizard/step-section";
import { Button, buttonClasses } from "@/components/ui/button";
import { TrashIcon } from "@/components/ui/icons";
import { useFeed } from "@/lib/feeds/queries";
import type { FeedOut } from "@/lib/feeds/schemas";
import { DeleteFeedDialog } from "../delete-feed-dialog";
import { ProvisionedBadge } from "@/components/console/provisioned-badge";
import { DestinationColumns } from "./destination-columns";
import { FeedStatePanel } from "./feed-state-panel";
import { FeedSummary } from "./feed-summary";
import { RunHistory } from "./run-history";

export function FeedView({ initialFeed, canEdit }: { initialFeed: FeedOut; canEdit: boolean }) {
  const { data: feed = initialFeed } = useFeed(initialFeed.id, { initialData: initialFeed });
  const actions = useFeedActions();
  const [deleting, setDeleting] = useState(false);
  const draft = feed.status === "draft";
  const title = feedTitle(feed);
  // The configuration's step links; a provisioned feed's configuration belongs to its file.
  const canConfigure = canEdit && !feed.provisionedFrom;
  const runNow = (
    <Button onClick={() => actions.run(feed)} loading={actions.runningFor === feed.id} disabled={actions.runBlocked(feed) !== null} title={actions.runBlocked(feed) ?? undefined}>
      {actions.runningFor === feed.id ? null : <PlayIcon className="size-4" />}
      Run now
    </Button>
  );

  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <Link href="/feeds" className="inline-flex items-center gap-1 rounded text-sm text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
          <ChevronLeftIcon className="size-4" />
          Feeds
        </Link>
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div className="min-w-0 space-y-1">
            <div className="flex items-center gap-3">
              <h1 className="truncate text-2xl font-semibold tracking-tight">{title}</h1>
              <FeedStatusBadge status={feed.status} />
            </div>
            <p className="text-sm text-zinc-500 dark:text-zinc-400">
              {feed.tableName ? (
                <>
                  Loads into <code className="font-mono">{feed.tableName}</code>
                  {feed.connectionName ? <> from {feed.connectionName}</> : null}
                </>
              ) : (
                "Not set up yet: finish the four steps to activate it."
              )}
            </p>
          </div>
          {feed.provisionedFrom ? (
            // Declared in a PROVISIONING_DIR file: the server refuses edit, pause and delete (409), so
            // none is offered; Run now stays, as the server allows it (a run changes nothing declared).
            <div className="flex shrink-0 flex-wrap items-center gap-3">
              <ProvisionedBadge file={feed.provisionedFrom} />
              {canEdit && !draft ? runNow : null}
            </div>
          ) : canEdit ? (
            <div className="flex shrink-0 items-center gap-2">
              {draft ? (
                <Link href={`/feeds/${feed.id}/edit`} className={buttonClasses("primary")}>
                  <PencilIcon className="size-4" />
                  Continue setup
                </Link>
              ) : (
                <>
                  <Button variant="secondary" onClick={() => actions.setPaused(feed, feed.status !== "paused")} loading={actions.pausingFor === feed.id}>
                    {feed.status === "paused" ? <PlayIcon className="size-4" /> : <PauseIcon className="size-4" />}
                    {feed.status === "paused" ? "Resume" : "Pause"}
                  </Button>
                  {runNow}
                </>
              )}
              <Button variant="ghostDanger" className="px-2.5" aria-label={`Delete ${title}`} title="Delete" onClick={() => setDeleting(true)}>
                <TrashIcon className="size-4" />
              </Button>
            </div>
          ) : null}
        </div>
      </div>

      <FeedSummary feed={feed} canEdit={canConfigure} />

      {feed.webhook ? (
        <StepSection title="Webhook" description="POST to this URL with the secret to start a run.">
          <WebhookDetails feedId={feed.id} path={feed.webhook.path} canRotate={canEdit && feed.webhook.hasSecret} />
        </StepSection>
      ) : null}

      <RunHistory feedId={feed.id} />

      {feed.tableName && feed.destinations.length ? <FeedStatePanel feed={feed} canEdit={canEdit} /> : null}
      <DestinationColumns feed={feed} />

      <DeleteFeedDialog feed={deleting ? feed : null} onClose={() => setDeleting(false)} redirectTo="/feeds" />
    </div>
  );
}
