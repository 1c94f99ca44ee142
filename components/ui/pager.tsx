"use client";

import { Button } from "./button";

type Props = {
  shown: number;
  total: number;
  noun: [singular: string, plural: string];
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
  suffix?: string;
};

/** Shown while more matches wait on the server: how many are on screen, and a button that loads the next page from the server. */
export function Pager({ shown, total, noun, hasMore, loading, onMore, suffix = "" }: Props) {
  // Everything is on screen: the list's own count says so.
  if (!hasMore && shown >= total) return null;
  return (
    <div className="mt-3 flex flex-wrap items-center justify-between gap-3 text-xs text-zinc-500 dark:text-zinc-400">
      <p aria-live="polite">
        Showing {shown} of {total} {total === 1 ? noun[0] : noun[1]}
        {suffix}
      </p>
      {hasMore ? (
        <Button variant="secondary" onClick={onMore} disabled={loading}>
          {loading ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}
