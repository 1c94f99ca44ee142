"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PlusIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { TBody, THead, Table, Th } from "@/components/ui/table";
import { useFeeds, type FeedFilter, type FeedOut } from "@/lib/feeds/queries";
import { FeedFilters } from "./feed-filters";
import { FeedRow } from "./feed-row";
import { TagsDialog } from "./tags-dialog";
import { DeleteFeedDialog } from "./delete-feed-dialog";

const STATUSES = ["draft", "active", "paused"] as const;

function filterFrom(params: URLSearchParams): FeedFilter {
  const status = params.get("status");
  return {
    status: STATUSES.includes(status as never) ? (status as FeedFilter["status"]) : undefined,
    tag: params.get("tag") || undefined,
  };
}

export function FeedsView({ canEdit }: { canEdit: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filter = filterFrom(new URLSearchParams(params.toString()));
  const feeds = useFeeds(filter);
  const all = useFeeds({});
  const [tagging, setTagging] = useState<FeedOut | null>(null);
  const [deleting, setDeleting] = useState<FeedOut | null>(null);
  const filtered = Boolean(filter.status || filter.tag);
  const tags = [...new Set((all.data ?? []).flatMap((f) => f.tags))].sort((a, b) => a.localeCompare(b));

  const setFilter = (patch: Partial<FeedFilter>) => {
    const next = { ...filter, ...patch };
    const query = new URLSearchParams();
    if (next.status) query.set("status", next.status);
    if (next.tag) query.set("tag", next.tag);
    const qs = query.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  const newFeed = canEdit ? (
    <Link href="/feeds/new" className={buttonClasses("primary")} prefetch={false}>
      <PlusIcon className="size-4" />
      New feed
    </Link>
  ) : null;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Feeds"
        description="A feed runs a fetch script against a REST connection on its trigger and loads the records into the warehouse."
        actions={newFeed}
      />
      <FeedFilters filter={filter} tags={tags} onChange={setFilter} onClear={filtered ? () => setFilter({ status: undefined, tag: undefined }) : undefined} />

      {feeds.isPending ? (
        <TableSkeleton rows={5} columns={7} />
      ) : feeds.isError && !feeds.data ? (
        <ErrorState error={feeds.error} onRetry={() => feeds.refetch()} retrying={feeds.isFetching} />
      ) : feeds.data.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No feeds match these filters"
            description="Try another status or tag."
            action={
              <Button variant="secondary" onClick={() => setFilter({ status: undefined, tag: undefined })}>
                Clear filters
              </Button>
            }
          />
        ) : (
          <EmptyState
            title="No feeds yet"
            description="A feed fetches records from a REST API with a Python or JavaScript script, on a schedule, a webhook or by hand, and loads them into the warehouse. Set one up in four steps: Connection, Import Configuration, Destination and Trigger."
            action={newFeed}
          />
        )
      ) : (
        <div className={feeds.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
          <Table>
            <THead>
              <tr>
                <Th>Name</Th>
                <Th>Status</Th>
                <Th>Last run</Th>
                <Th>Next run</Th>
                <Th>Tags</Th>
                <Th className="text-right">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {feeds.data.map((feed) => (
                <FeedRow key={feed.id} feed={feed} canEdit={canEdit} onTags={setTagging} onDelete={setDeleting} onTagFilter={(tag) => setFilter({ tag })} />
              ))}
            </TBody>
          </Table>
          <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
            {feeds.data.length} {feeds.data.length === 1 ? "feed" : "feeds"}
            {filtered ? " match the filters" : ""}
          </p>
        </div>
      )}

      <TagsDialog feed={tagging} onClose={() => setTagging(null)} knownTags={tags} />
      <DeleteFeedDialog feed={deleting} onClose={() => setDeleting(null)} />
    </div>
  );
}
