"use client";

import { cn } from "@/components/ui/cn";
import { KIND_LABEL } from "@/components/connections/connection-labels";
import { SearchBox } from "@/components/ui/search-box";
import type { ConnectionFilter, ConnectionKind } from "@/lib/connections/queries";
import { CONNECTION_KINDS } from "@/lib/db/enums";

const KIND_OPTIONS: Array<{ value: ConnectionKind | undefined; label: string }> = [
  { value: undefined, label: "All" },
  ...CONNECTION_KINDS.map((kind) => ({ value: kind, label: KIND_LABEL[kind] })),
];

type Props = { filter: ConnectionFilter; onChange: (next: ConnectionFilter) => void };

/** Search by name (applied shortly after typing stops) and a kind switch. */
export function ConnectionFilters({ filter, onChange }: Props) {
  return (
    <div className="flex flex-wrap items-center gap-3" role="search" aria-label="Filter connections">
      <SearchBox id="connection-search" label="Search connections" value={filter.q} onSearch={(q) => onChange({ ...filter, q })} />
      <div
        role="group"
        aria-label="Kind"
        className="inline-flex rounded-md border border-zinc-300 bg-white p-0.5 shadow-sm dark:border-zinc-700 dark:bg-zinc-900"
      >
        {KIND_OPTIONS.map((option) => {
          const active = filter.kind === option.value;
          return (
            <button
              key={option.label}
              type="button"
              aria-pressed={active}
              onClick={() => onChange({ ...filter, kind: option.value })}
              className={cn(
                "h-7.5 rounded px-3 text-sm font-medium transition-colors",
                active
                  ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                  : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
              )}
            >
              {option.label}
            </button>
          );
        })}
      </div>
    </div>
  );
}
