"use client";

import Link from "next/link";
import { useFeed } from "@/lib/feeds/queries";
import type { FeedOut } from "@/lib/feeds/schemas";
import { ChevronLeftIcon } from "../feed-icons";
import { FeedStatusBadge, feedTitle } from "../feed-status-badge";

/** The wizard's title; client-side so a name given on Import Configuration shows at once. */
export function WizardHeader({ feed: initial }: { feed: FeedOut }) {
  const { data: feed = initial } = useFeed(initial.id, { initialData: initial });
  const isNew = feed.status === "draft";
  return (
    <div className="space-y-3">
      <Link
        href={isNew ? "/feeds" : `/feeds/${feed.id}`}
        className="inline-flex items-center gap-1 rounded text-sm text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
      >
        <ChevronLeftIcon className="size-4" />
        {isNew ? "Feeds" : feedTitle(feed)}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{isNew ? (feed.name ? `New feed ${feed.name}` : "New feed") : `Edit ${feedTitle(feed)}`}</h1>
        <FeedStatusBadge status={feed.status} />
      </div>
    </div>
  );
}
