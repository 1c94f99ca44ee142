"use client";

import Link from "next/link";
import { FeedStatusBadge, feedTitle } from "@/components/feeds/feed-status-badge";
import { PauseIcon, PencilIcon, PlayIcon, TagIcon } from "@/components/feeds/feed-icons";
import { formatDue } from "@/components/feeds/trigger-text";
import { useFeedActions } from "@/components/feeds/use-feed-actions";
import { RunStatusBadge, formatCount } from "@/components/runs/run-status-badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import { TrashIcon } from "@/components/ui/icons";
import { Badge } from "@/components/ui/badge";
import { Td, Tr } from "@/components/ui/table";
import type { FeedSummaryOut as FeedOut } from "@/lib/feeds/queries";
import { isRunActive } from "@/lib/runs/queries";

type Props = {
  feed: FeedOut;
  canEdit: boolean;
  onTags: (feed: FeedOut) => void;
  onDelete: (feed: FeedOut) => void;
  onTagFilter: (tag: string) => void;
};

const iconButton = "size-8 px-0";

function NextRun({ feed }: { feed: FeedOut }) {
  const type = feed.trigger.type;
  const muted = "text-zinc-400 dark:text-zinc-500";
  if (feed.status === "paused") return <span className={muted}>Paused</span>;
  if (feed.status === "draft") return <span className={muted}>—</span>;
  if (feed.nextRuns[0]) {
    return (
      <time dateTime={feed.nextRuns[0]} title={formatDateTime(feed.nextRuns[0])}>
        {formatDue(feed.nextRuns[0])}
      </time>
    );
  }
  return <span className={muted}>{type === "webhook" ? "On webhook" : type === "none" ? "Manual" : "—"}</span>;
}

export function FeedRow({ feed, canEdit, onTags, onDelete, onTagFilter }: Props) {
  const actions = useFeedActions();
  const title = feedTitle(feed);
  const last = feed.lastRun;
  const draft = feed.status === "draft";
  // Declared in a PROVISIONING_DIR file: the server refuses edits, tags, pause and delete (409), so
  // the row offers none of them; Run now stays (starting a run changes nothing the file declares).
  const provisioned = feed.provisionedFrom;

  return (
    <Tr>
      <Td className="max-w-56">
        <Link href={`/feeds/${feed.id}`} className={cn("block truncate font-medium hover:underline", !feed.name && "text-zinc-500 italic dark:text-zinc-400")}>
          {title}
        </Link>
        <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">{feed.connectionName ?? "No connection yet"}</span>
      </Td>
      <Td className="max-w-56">
        <FeedStatusBadge status={feed.status} />
        {provisioned ? (
          <span className="ml-1" title={`Read-only: declared in ${provisioned} (PROVISIONING_DIR); change that file instead`}>
            <Badge tone="warning">Provisioned</Badge>
          </span>
        ) : null}
        {feed.pausedReason ? <span className="mt-0.5 block truncate text-xs text-amber-700 dark:text-amber-300" title={feed.pausedReason}>{feed.pausedReason}</span> : null}
      </Td>
      <Td className="whitespace-nowrap">
        {last ? (
          <Link href={`/runs/${last.id}`} className="group flex flex-col items-start gap-0.5" aria-label={`Last run #${last.id}: ${last.status}`}>
            <RunStatusBadge status={last.status} />
            <span className="text-xs text-zinc-500 group-hover:underline dark:text-zinc-400">
              {formatRelative(last.finishedAt ?? last.startedAt ?? last.queuedAt)} · {lastRunCount(last)}
            </span>
          </Link>
        ) : (
          <span className="text-zinc-400 dark:text-zinc-500">Never run</span>
        )}
      </Td>
      <Td className="whitespace-nowrap">
        <NextRun feed={feed} />
      </Td>
      <Td className="max-w-48">
        <div className="flex flex-wrap gap-1">
          {feed.tags.map((tag) => (
            <button
              key={tag}
              type="button"
              onClick={() => onTagFilter(tag)}
              aria-label={`Show feeds tagged ${tag}`}
              className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-700 ring-1 ring-zinc-200 ring-inset hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-700"
            >
              {tag}
            </button>
          ))}
        </div>
      </Td>
      <Td className="text-right whitespace-nowrap">
        {canEdit ? (
          <div className="inline-flex items-center gap-0.5">
            <Button
              variant="ghost"
              size="sm"
              className={iconButton}
              aria-label={`Run ${title}`}
              title={actions.runBlocked(feed) ?? "Run now"}
              disabled={actions.runBlocked(feed) !== null}
              loading={actions.runningFor === feed.id}
              onClick={() => actions.run(feed)}
            >
              {actions.runningFor === feed.id ? null : <PlayIcon className="size-4" />}
            </Button>
            {provisioned ? (
              <Button variant="ghost" size="sm" disabled title={`Declared in ${provisioned} (PROVISIONING_DIR): edit that file instead`}>
                Read-only<span className="sr-only"> {title}: declared in {provisioned}</span>
              </Button>
            ) : null}
            {draft || provisioned ? null : (
              <Button
                variant="ghost"
                size="sm"
                className={iconButton}
                aria-label={`${feed.status === "paused" ? "Resume" : "Pause"} ${title}`}
                title={feed.status === "paused" ? "Resume" : "Pause"}
                loading={actions.pausingFor === feed.id}
                onClick={() => actions.setPaused(feed, feed.status !== "paused")}
              >
                {actions.pausingFor === feed.id ? null : feed.status === "paused" ? <PlayIcon className="size-4 text-emerald-600" /> : <PauseIcon className="size-4" />}
              </Button>
            )}
            {provisioned ? null : (
              <>
                <Link
                  href={draft ? `/feeds/${feed.id}/edit` : `/feeds/${feed.id}/edit/connection`}
                  className={cn(buttonClasses("ghost", "sm"), iconButton)}
                  aria-label={draft ? `Continue setting up ${title}` : `Edit ${title}`}
                  title={draft ? "Continue setup" : "Edit"}
                >
                  <PencilIcon className="size-4" />
                </Link>
                <Button variant="ghost" size="sm" className={iconButton} aria-label={`Edit tags of ${title}`} title="Tags" onClick={() => onTags(feed)}>
                  <TagIcon className="size-4" />
                </Button>
                <Button variant="ghostDanger" size="sm" className={iconButton} aria-label={`Delete ${title}`} title="Delete" onClick={() => onDelete(feed)}>
                  <TrashIcon className="size-4" />
                </Button>
              </>
            )}
          </div>
        ) : (
          <Link href={`/feeds/${feed.id}`} className={buttonClasses("ghost", "sm")}>
            View
          </Link>
        )}
      </Td>
    </Tr>
  );
}

/** While a run goes, what the script has written so far; once it ends, what was loaded. */
function lastRunCount(run: NonNullable<FeedOut["lastRun"]>): string {
  const active = isRunActive(run.status);
  const n = active ? run.records : run.recordsLoaded;
  return `${formatCount(n)} ${n === 1 ? "record" : "records"} ${active ? "written" : "loaded"}`;
}
