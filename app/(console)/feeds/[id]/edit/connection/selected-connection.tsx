"use client";

import { Button } from "@/components/ui/button";
import { LastTestBadge } from "@/components/connections/last-test-badge";
import { PlugIcon, TrashIcon } from "@/components/ui/icons";
import type { ConnectionSummary } from "@/lib/connections/queries";
import { PencilIcon } from "@/components/feeds/feed-icons";

type Props = { connection: ConnectionSummary; authLabel: string; onEdit: () => void; loadingEdit: boolean; onDelete: () => void };

/** The chosen connection at a glance, with Edit and Delete. */
export function SelectedConnection({ connection, authLabel, onEdit, loadingEdit, onDelete }: Props) {
  return (
    <div
      className="flex flex-wrap items-center justify-between gap-4 rounded-lg border border-zinc-200 bg-zinc-50/60 p-4 dark:border-zinc-800 dark:bg-zinc-950/40"
      aria-label={`Selected connection ${connection.name}`}
      role="group"
    >
      <div className="flex min-w-0 items-center gap-3">
        <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-accent-50 text-accent-600 ring-1 ring-accent-100 ring-inset dark:bg-accent-950 dark:text-accent-300 dark:ring-accent-700/50">
          <PlugIcon className="size-4" />
        </span>
        <div className="min-w-0">
          <p className="truncate text-sm font-semibold">{connection.name}</p>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            {authLabel} · used by {connection.usedByFeeds} {connection.usedByFeeds === 1 ? "feed" : "feeds"}
          </p>
        </div>
        <div className="ml-4 text-xs">
          <LastTestBadge lastTest={connection.lastTest} />
        </div>
      </div>
      <div className="flex gap-2">
        <Button variant="secondary" size="sm" onClick={onEdit} loading={loadingEdit} aria-label={`Edit connection ${connection.name}`}>
          <PencilIcon className="size-3.5" />
          Edit
        </Button>
        <Button variant="ghostDanger" size="sm" onClick={onDelete} aria-label={`Delete connection ${connection.name}`}>
          <TrashIcon className="size-3.5" />
          Delete
        </Button>
      </div>
    </div>
  );
}
