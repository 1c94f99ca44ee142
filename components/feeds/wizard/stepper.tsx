"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { useFeed } from "@/lib/feeds/queries";
import type { FeedOut } from "@/lib/feeds/schemas";
import { CheckIcon } from "../feed-icons";
import { reachedIndex, STEPS, stepHref } from "./steps";

/** The four stages across the top of the wizard; the current one has aria-current="step". */
export function WizardStepper({ feed: initial }: { feed: FeedOut }) {
  const pathname = usePathname();
  const { data: feed = initial } = useFeed(initial.id, { initialData: initial });
  const current = STEPS.findIndex((s) => pathname.endsWith(`/edit/${s.id}`));
  const reached = Math.max(reachedIndex(feed), current);

  return (
    <nav aria-label="Feed setup steps">
      <ol className="grid grid-cols-4 gap-2">
        {STEPS.map((step, i) => {
          // A feed activated once has every stage done; a draft has those before the one it reached.
          const done = feed.status !== "draft" || i < reached;
          const state = i === current ? "current" : done ? "complete" : i === reached ? "open" : "locked";
          const body = (
            <>
              <span
                className={cn(
                  "flex size-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold ring-1 ring-inset",
                  state === "current" && "bg-accent-600 text-white ring-accent-600 dark:bg-accent-500 dark:ring-accent-500",
                  state === "complete" && "bg-accent-50 text-accent-700 ring-accent-200 dark:bg-accent-950 dark:text-accent-300 dark:ring-accent-700/60",
                  (state === "open" || state === "locked") && "bg-white text-zinc-500 ring-zinc-300 dark:bg-zinc-900 dark:text-zinc-400 dark:ring-zinc-700",
                )}
              >
                {state === "complete" ? <CheckIcon className="size-3.5" /> : i + 1}
              </span>
              <span className="min-w-0">
                <span className={cn("block text-sm leading-tight font-medium", state === "locked" ? "text-zinc-400 dark:text-zinc-500" : "text-zinc-900 dark:text-zinc-100")}>
                  {step.label}
                </span>
                <span className="mt-0.5 hidden truncate text-xs text-zinc-500 xl:block dark:text-zinc-400">{step.description}</span>
              </span>
            </>
          );
          const classes = cn(
            "flex items-center gap-3 rounded-lg border px-3 py-2.5 transition-colors",
            state === "current"
              ? "border-accent-300 bg-white shadow-sm dark:border-accent-700/70 dark:bg-zinc-900"
              : "border-zinc-200 bg-white/60 dark:border-zinc-800 dark:bg-zinc-900/40",
            state !== "locked" && state !== "current" && "hover:border-zinc-300 hover:bg-white dark:hover:border-zinc-700 dark:hover:bg-zinc-900",
          );
          return (
            <li key={step.id}>
              {state === "locked" ? (
                <span className={classes} aria-disabled="true">
                  {body}
                  <span className="sr-only"> (complete the earlier steps first)</span>
                </span>
              ) : (
                <Link href={stepHref(feed.id, step.id)} aria-current={state === "current" ? "step" : undefined} className={classes}>
                  {body}
                  {state === "complete" ? <span className="sr-only"> (done)</span> : null}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
