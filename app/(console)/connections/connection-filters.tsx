"use client";

import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { KIND_LABEL } from "@/components/connections/connection-labels";
import { SearchIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import type { ConnectionFilter, ConnectionKind } from "@/lib/connections/queries";
import { CONNECTION_KINDS } from "@/lib/db/enums";

const TYPING_DELAY_MS = 250;
const KIND_OPTIONS: Array<{ value: ConnectionKind | undefined; label: string }> = [
  { value: undefined, label: "All" },
  ...CONNECTION_KINDS.map((kind) => ({ value: kind, label: KIND_LABEL[kind] })),
];

type Props = { filter: ConnectionFilter; onChange: (next: ConnectionFilter) => void };

/** Search by name (applied shortly after typing stops) and a kind switch. */
export function ConnectionFilters({ filter, onChange }: Props) {
  const [text, setText] = useState(filter.q ?? "");
  // When the address changes under the box (Back, Clear filters), show its search instead.
  const [shownQ, setShownQ] = useState(filter.q ?? "");
  if ((filter.q ?? "") !== shownQ) {
    setShownQ(filter.q ?? "");
    setText(filter.q ?? "");
  }
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const typed = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const q = value.trim() || undefined;
      setShownQ(q ?? "");
      onChange({ ...filter, q });
    }, TYPING_DELAY_MS);
  };

  return (
    <div className="flex flex-wrap items-center gap-3" role="search" aria-label="Filter connections">
      <div className="relative w-72 max-w-full">
        <label htmlFor="connection-search" className="sr-only">
          Search connections
        </label>
        <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400" />
        <Input
          id="connection-search"
          type="search"
          placeholder="Search by name"
          autoComplete="off"
          className="pl-9"
          value={text}
          onChange={(e) => typed(e.target.value)}
        />
      </div>
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
