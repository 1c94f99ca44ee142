"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ChevronDownIcon, DatabaseIcon, PlugIcon, PlusIcon, ServerIcon } from "@/components/ui/icons";

type Props = { onRest: () => void; onDruid: () => void };

/**
 * "New connection" makes a REST connection, the kind feeds use; the arrow beside it offers every
 * kind: REST, Druid (a dialog here) and Database (its own page).
 */
export function NewConnectionMenu({ onRest, onDruid }: Props) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  const items = [
    { key: "rest", label: "REST connection", description: "An HTTP API and how to sign in to it", icon: PlugIcon, run: onRest },
    { key: "druid", label: "Druid connection", description: "An Apache Druid cluster for Imply Pivot", icon: ServerIcon, run: onDruid },
    { key: "database", label: "Database connection", description: "A warehouse whose tables clients query", icon: DatabaseIcon, run: () => router.push("/databases/new") },
  ];

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const all = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const at = all.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (e.key === "ArrowDown") go(at + 1);
    else if (e.key === "ArrowUp") go(at - 1);
    else if (e.key === "Home") go(0);
    else if (e.key === "End") go(all.length - 1);
    else if (e.key === "Escape") close(true);
    else if (e.key === "Tab") close(false);
    else return;
    if (e.key !== "Tab") e.preventDefault();
  };

  return (
    <div ref={root} className="relative inline-flex">
      <Button onClick={onRest} className="rounded-r-none">
        <PlusIcon className="size-4" />
        New connection
      </Button>
      <Button
        ref={trigger}
        aria-label="More connection types"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
          }
        }}
        className="rounded-l-none border-l border-white/25 px-2"
      >
        <ChevronDownIcon className={cn("size-4 transition-transform", open && "rotate-180")} />
      </Button>
      {open ? (
        <div
          ref={menu}
          id={`${id}-menu`}
          role="menu"
          aria-label="New connection of kind"
          onKeyDown={onKeyDown}
          className="absolute top-full right-0 z-30 mt-1.5 w-72 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {items.map(({ key, label, description, icon: Icon, run }) => (
            <button
              key={key}
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-labelledby={`${id}-${key}`}
              aria-describedby={`${id}-${key}-d`}
              onClick={() => {
                close(false);
                run();
              }}
              className="flex w-full items-start gap-3 rounded-md px-3 py-2 text-left outline-none hover:bg-zinc-100 focus:bg-zinc-100 focus-visible:outline-none dark:hover:bg-zinc-800 dark:focus:bg-zinc-800"
            >
              <span className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-md bg-accent-50 text-accent-600 dark:bg-accent-950 dark:text-accent-300">
                <Icon className="size-4" />
              </span>
              <span className="min-w-0">
                <span id={`${id}-${key}`} className="block text-sm font-medium">
                  {label}
                </span>
                <span id={`${id}-${key}-d`} className="block text-xs text-zinc-500 dark:text-zinc-400">
                  {description}
                </span>
              </span>
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
