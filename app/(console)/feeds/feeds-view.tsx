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
import { Pager } from "@/components/ui/pager";
import { TableSkeleton } from "@/components/ui/skeleton";
import { TBody, THead, Table, Th } from "@/components/ui/table";
import { useFeedPages, type FeedFilter, type FeedSummaryOut } from "@/lib/feeds/queries";
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
    q: params.get("q")?.trim() || undefined,
  };
}

export function FeedsView({ canEdit }: { canEdit: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filter = filterFrom(new URLSearchParams(params.toString()));
  // One request a page: the rows without scripts, the total, and every tag for the tag filter.
  const feeds = useFeedPages(filter);
  const [tagging, setTagging] = useState<FeedSummaryOut | null>(null);
  const [deleting, setDeleting] = useState<FeedSummaryOut | null>(null);
  const filtered = Boolean(filter.status || filter.tag || filter.q);
  const tags = feeds.data?.tags ?? [];
  const rows = feeds.data?.rows ?? [];
  const total = feeds.data?.total ?? 0;

  const setFilter = (patch: Partial<FeedFilter>) => {
    const next = { ...filter, ...patch };
    const query = new URLSearchParams();
    if (next.status) query.set("status", next.status);
    if (next.tag) query.set("tag", next.tag);
    if (next.q?.trim()) query.set("q", next.q.trim());
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
      <FeedFilters filter={filter} tags={tags} onChange={setFilter} onClear={filtered ? () => setFilter({ status: undefined, tag: undefined, q: undefined }) : undefined} />

      {feeds.isPending ? (
        <TableSkeleton rows={5} columns={7} />
      ) : feeds.isError && !feeds.data ? (
        <ErrorState error={feeds.error} onRetry={() => feeds.refetch()} retrying={feeds.isFetching} />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No feeds match these filters"
            description="Try another name, status or tag."
            action={
              <Button variant="secondary" onClick={() => setFilter({ status: undefined, tag: undefined, q: undefined })}>
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
              {rows.map((feed) => (
                <FeedRow key={feed.id} feed={feed} canEdit={canEdit} onTags={setTagging} onDelete={setDeleting} onTagFilter={(tag) => setFilter({ tag })} />
              ))}
            </TBody>
          </Table>
          <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
            {total} {total === 1 ? "feed" : "feeds"}
            {filtered ? " match the filters" : ""}
          </p>
          <Pager
            shown={rows.length}
            total={total}
            noun={["feed", "feeds"]}
            suffix=""
            hasMore={feeds.hasNextPage}
            loading={feeds.isFetchingNextPage}
            onMore={() => feeds.fetchNextPage()}
          />
        </div>
      )}

      <TagsDialog feed={tagging} onClose={() => setTagging(null)} knownTags={tags} />
      <DeleteFeedDialog feed={deleting} onClose={() => setDeleting(null)} />
    </div>
  );
}
