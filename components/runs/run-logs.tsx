"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { LogLine } from "@/lib/runs/queries";
import { RefreshIcon } from "@/components/feeds/feed-icons";

const STREAM_CLASS: Record<LogLine["stream"], string> = {
  stdout: "text-zinc-100",
  stderr: "text-red-300",
  system: "text-sky-300",
};

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

type Props = {
  lines: LogLine[];
  /** Lines are still arriving: keeps the view scrolled to the newest one. */
  live?: boolean;
  emptyText: string;
  onRefresh?: () => void;
  refreshing?: boolean;
  footer?: ReactNode;
  className?: string;
};

/** A terminal-like view of a run's log; follows new lines while the reader is at the bottom. */
export function RunLogs({ lines, live, emptyText, onRefresh, refreshing, footer, className }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lines.length]);

  return (
    <div className={cn("overflow-hidden rounded-lg border border-zinc-800 bg-zinc-950 shadow-sm", className)}>
      <div className="flex h-9 items-center justify-between border-b border-zinc-800 px-3">
        <span className="flex items-center gap-2 text-xs font-medium text-zinc-400">
          {live ? (
            <>
              <span className="relative flex size-2">
                <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-75" />
                <span className="relative inline-flex size-2 rounded-full bg-emerald-500" />
              </span>
              Live
            </>
          ) : (
            `${lines.length} ${lines.length === 1 ? "line" : "lines"}`
          )}
        </span>
        {onRefresh ? (
          <Button
            variant="ghost"
            size="sm"
            aria-label="Refresh logs"
            title="Refresh logs"
            onClick={onRefresh}
            disabled={refreshing}
            className="size-7 px-0 text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100 dark:hover:bg-zinc-800"
          >
            <RefreshIcon className={cn("size-3.5", refreshing && "animate-spin")} />
          </Button>
        ) : null}
      </div>
      <div
        ref={box}
        role="log"
        aria-live="polite"
        aria-label="Run log"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
        className="max-h-[28rem] min-h-40 overflow-auto px-3 py-2 font-mono text-xs leading-relaxed"
      >
        {lines.length === 0 ? (
          <p className="text-zinc-500">{emptyText}</p>
        ) : (
          lines.map((l) => (
            <div key={l.seq} className="flex gap-3">
              <span className="shrink-0 text-zinc-600 select-none">{time.format(new Date(l.at))}</span>
              <span className={cn("whitespace-pre-wrap break-all", STREAM_CLASS[l.stream])}>{l.line}</span>
            </div>
          ))
        )}
        {footer}
      </div>
    </div>
  );
}
