"use client";

import { useEffect, useRef, useState, useSyncExternalStore, type FocusEvent } from "react";
import { cn } from "./cn";

// A small toaster with the part of sonner's API the console uses (toast.success/error/info with an
// optional description). sonner cost ~10 kB on every page, which the Import Configuration step's
// 300 kB budget (editor included) could not spare.

type Kind = "success" | "error" | "info";
type Options = { description?: string; action?: { label: string; onClick: () => void } };
type Toast = { id: number; kind: Kind; message: string; durationMs: number } & Options;

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

function dismiss(id: number) {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

function show(kind: Kind, message: string, options?: Options) {
  const id = nextId++;
  // A toast with an action stays long enough to reach it with the keyboard. The clock runs in the
  // toast itself (Item), so it can stop while the pointer or the focus is on it.
  const durationMs = options?.action ? 10000 : kind === "error" ? 8000 : 4500;
  toasts = [...toasts.slice(-4), { id, kind, message, durationMs, ...options }];
  emit();
  return id;
}

export const toast = {
  success: (message: string, options?: Options) => show("success", message, options),
  error: (message: string, options?: Options) => show("error", message, options),
  info: (message: string, options?: Options) => show("info", message, options),
  dismiss,
};

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

const STYLE: Record<Kind, string> = {
  success: "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
  error: "border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100",
  info: "border-zinc-200 bg-white text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100",
};

export function Toaster() {
  const list = useSyncExternalStore(subscribe, () => toasts, () => []);
  return (
    <section aria-label="Notifications" className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2">
      {/* Errors interrupt; the rest wait their turn, as screen readers expect. */}
      <div aria-live="polite" className="flex flex-col gap-2">
        {list.filter((t) => t.kind !== "error").map((t) => <Item key={t.id} t={t} />)}
      </div>
      <div aria-live="assertive" className="flex flex-col gap-2">
        {list.filter((t) => t.kind === "error").map((t) => <Item key={t.id} t={t} />)}
      </div>
    </section>
  );
}

/**
 * The toast's own clock: it stops while the pointer is over the toast, while focus is inside it, and
 * while the tab is hidden, and goes on with the time that was left (WCAG 2.2.1, Timing Adjustable).
 */
function useDismissTimer(t: Toast) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const [hidden, setHidden] = useState(false);
  const remaining = useRef(t.durationMs);

  useEffect(() => {
    const onVisibility = () => setHidden(document.visibilityState === "hidden");
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, []);

  const paused = hovered || focused || hidden;
  useEffect(() => {
    if (paused) return;
    const started = Date.now();
    const timer = setTimeout(() => dismiss(t.id), remaining.current);
    return () => {
      clearTimeout(timer);
      remaining.current = Math.max(0, remaining.current - (Date.now() - started));
    };
  }, [paused, t.id]);

  return {
    paused,
    handlers: {
      onMouseEnter: () => setHovered(true),
      onMouseLeave: () => setHovered(false),
      onFocus: () => setFocused(true),
      // Focus moving between the toast's own buttons is not leaving it.
      onBlur: (e: FocusEvent<HTMLDivElement>) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      },
    },
  };
}

function Item({ t }: { t: Toast }) {
  const { paused, handlers } = useDismissTimer(t);
  return (
    <div
      role={t.kind === "error" ? "alert" : "status"}
      data-paused={paused ? "true" : undefined}
      {...handlers}
      className={cn("pointer-events-auto flex items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-lg", STYLE[t.kind])}
    >
      <div className="min-w-0 flex-1">
        <p className="font-medium break-words">{t.message}</p>
        {t.description ? <p className="mt-0.5 break-words opacity-80">{t.description}</p> : null}
      </div>
      {t.action ? (
        <button
          type="button"
          onClick={() => {
            t.action!.onClick();
            dismiss(t.id);
          }}
          className="shrink-0 rounded-md border border-current/20 px-2 py-1 text-xs font-medium hover:bg-black/5 focus-visible:outline-2 dark:hover:bg-white/10"
        >
          {t.action.label}
        </button>
      ) : null}
      <button type="button" aria-label="Close notification" onClick={() => dismiss(t.id)} className="-mr-1 rounded px-1 opacity-60 hover:opacity-100 focus-visible:outline-2">
        ×
      </button>
    </div>
  );
}
