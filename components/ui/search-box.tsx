"use client";

import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { SearchIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";

const TYPING_DELAY_MS = 250;

type Props = { id: string; label: string; value: string | undefined; onSearch: (q: string | undefined) => void; className?: string };

/** "Search by name": the list searches on the server, shortly after typing stops. */
export function SearchBox({ id, label, value, onSearch, className }: Props) {
  const [text, setText] = useState(value ?? "");
  // When the address changes under the box (Back, Clear filters), show its search instead.
  const [shown, setShown] = useState(value ?? "");
  if ((value ?? "") !== shown) {
    setShown(value ?? "");
    setText(value ?? "");
  }
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const typed = (next: string) => {
    setText(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const q = next.trim() || undefined;
      setShown(q ?? "");
      onSearch(q);
    }, TYPING_DELAY_MS);
  };

  return (
    <div className={cn("relative w-72 max-w-full", className)}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400" />
      <Input id={id} type="search" placeholder="Search by name" autoComplete="off" className="pl-9" value={text} onChange={(e) => typed(e.target.value)} />
    </div>
  );
}
