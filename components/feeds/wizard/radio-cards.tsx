"use client";

import { useId, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export type RadioOption<T extends string> = { value: T; label: string; description?: ReactNode; disabled?: boolean };

type Props<T extends string> = {
  legend: string;
  name: string;
  value: T;
  onChange: (value: T) => void;
  options: RadioOption<T>[];
  /** Side by side (default) or one per row. */
  layout?: "row" | "column";
  hideLegend?: boolean;
  className?: string;
};

/** A radio group drawn as selectable cards; native radios, so arrow keys move between them. */
export function RadioCards<T extends string>({ legend, name, value, onChange, options, layout = "row", hideLegend, className }: Props<T>) {
  const base = useId();
  return (
    <fieldset className={className}>
      <legend className={cn("mb-2 text-sm font-medium text-zinc-800 dark:text-zinc-200", hideLegend && "sr-only")}>{legend}</legend>
      <div className={cn("grid gap-2", layout === "row" ? "auto-cols-fr grid-flow-col" : "grid-cols-1")}>
        {options.map((o) => {
          const id = `${base}-${o.value}`;
          const checked = o.value === value;
          return (
            <label
              key={o.value}
              htmlFor={id}
              className={cn(
                "flex cursor-pointer items-start gap-3 rounded-lg border px-3.5 py-2.5 transition-colors",
                "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-accent-500",
                checked
                  ? "border-accent-500 bg-accent-50/60 ring-1 ring-accent-500 dark:border-accent-400 dark:bg-accent-950/40 dark:ring-accent-400"
                  : "border-zinc-200 bg-white hover:border-zinc-300 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-zinc-700",
                o.disabled && "cursor-not-allowed opacity-60",
              )}
            >
              <input
                id={id}
                type="radio"
                name={name}
                value={o.value}
                checked={checked}
                disabled={o.disabled}
                onChange={() => onChange(o.value)}
                aria-labelledby={`${id}-label`}
                aria-describedby={o.description ? `${id}-description` : undefined}
                className="mt-0.5 size-4 shrink-0 accent-accent-600 focus-visible:outline-none dark:accent-accent-400"
              />
              <span className="min-w-0">
                <span id={`${id}-label`} className="block text-sm font-medium">
                  {o.label}
                </span>
                {o.description ? <span id={`${id}-description`} className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">{o.description}</span> : null}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
