"use client";

import Link from "next/link";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DESTINATION_LABELS, WAREHOUSE_LABELS, type DestinationType } from "@/lib/destinations/types";
import type { AffectedFeeds } from "@/lib/destinations/warehouse-schemas";

const label = (d: string) => DESTINATION_LABELS[d as DestinationType] ?? d;

/** Before a switch that leaves feeds' destinations behind: which feeds, and that they will be paused. */
export function AffectedFeedsDialog({
  affected,
  pending,
  onConfirm,
  onCancel,
}: {
  affected: AffectedFeeds | null;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const feeds = affected?.feeds ?? [];
  return (
    <ConfirmDialog
      open={Boolean(affected)}
      title={`Pause ${feeds.length} ${feeds.length === 1 ? "feed" : "feeds"} and switch?`}
      description={
        affected ? (
          <span className="block space-y-3">
            <span className="block">
              {WAREHOUSE_LABELS[affected.type]} offers {affected.offered.map(label).join(" and ")}. These feeds load into destinations it does not offer, so
              they will be paused, with the reason on their page, until they get another destination:
            </span>
            <span role="list" aria-label="Feeds that will be paused" className="block max-h-56 space-y-1 overflow-y-auto">
              {feeds.map((f) => (
                <span role="listitem" key={f.id} className="block text-sm">
                  <Link href={`/feeds/${f.id}`} className="font-medium text-zinc-900 hover:underline dark:text-zinc-100" target="_blank">
                    {f.name ?? `Draft #${f.id}`}
                  </Link>{" "}
                  <span className="text-zinc-500 dark:text-zinc-400">
                    ({f.status}, loads into {f.notOffered.map(label).join(", ")})
                  </span>
                </span>
              ))}
            </span>
          </span>
        ) : null
      }
      confirmLabel="Pause feeds and switch"
      pending={pending}
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
