import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A bordered, horizontally scrollable table. Relative, so the rows' absolutely placed screen-reader labels
 * (sr-only) are clipped by its scroll box instead of widening the page at 390 px. */
export function Table({ className, ...props }: ComponentProps<"table">) {
  return (
    <div className="relative max-w-full min-w-0 overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <table className={cn("w-full border-collapse text-left text-sm", className)} {...props} />
    </div>
  );
}

export function THead({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("border-b border-zinc-200 bg-zinc-50/80 dark:border-zinc-800 dark:bg-zinc-900", className)} {...props} />;
}

export function TBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("divide-y divide-zinc-100 dark:divide-zinc-800", className)} {...props} />;
}

export function Tr({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cn("transition-colors hover:bg-zinc-50 dark:hover:bg-zinc-800/40", className)} {...props} />;
}

export function Th({ className, ...props }: ComponentProps<"th">) {
  return (
    <th
      scope="col"
      className={cn("px-2.5 py-2.5 first:pl-4 last:pr-4 text-xs font-medium tracking-wide whitespace-nowrap text-zinc-500 uppercase dark:text-zinc-400", className)}
      {...props}
    />
  );
}

export function Td({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-2.5 py-3 align-middle first:pl-4 last:pr-4", className)} {...props} />;
}
