"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { cn } from "@/components/ui/cn";
import { XIcon } from "@/components/ui/icons";
import { Label } from "@/components/ui/label";

type Props = {
  id?: string;
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  /** The problem with a new value, or null when it may be added (may be async). */
  validate?: (value: string) => string | null | Promise<string | null>;
  placeholder?: string;
  description?: string;
  /** An error about the whole list (from the server). */
  error?: string;
  max?: number;
  disabled?: boolean;
  chipClassName?: string;
};

/** A list of values typed one at a time: Tab or Enter adds the typed value as a chip. */
export function ChipInput({ id: givenId, label, values, onChange, validate, placeholder, description, error, max = 50, disabled, chipClassName }: Props) {
  const autoId = useId();
  const id = givenId ?? autoId;
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const shown = problem ?? error;

  // The list as this input last saw or made it. Adds are validated one after another (validation
  // may load code first) and each extends the list as it is then, so a chip typed while the one
  // before it is still being checked is added after it, and neither is lost.
  const latest = useRef(values);
  useEffect(() => {
    latest.current = values;
  }, [values]);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const change = (next: string[]) => {
    latest.current = next;
    onChange(next);
  };

  /** Adds the typed value if it is valid; false when nothing was typed (so Tab moves on). */
  const add = (): boolean => {
    const value = text.trim();
    if (!value) return false;
    queue.current = queue.current.then(async () => {
      const current = latest.current;
      const issue = current.some((v) => v.toLowerCase() === value.toLowerCase())
        ? `${value} is already in the list`
        : current.length >= max
          ? `At most ${max}`
          : ((await validate?.(value)) ?? null);
      setProblem(issue);
      if (issue) return;
      change([...latest.current, value]);
      setText((t) => (t.trim() === value ? "" : t));
    }).catch((e: Error) => setProblem(`Could not check ${value}: ${e.message}`));
    return true;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // Tab with nothing typed moves on as usual; with text it adds the chip and stays for the next one.
    if ((e.key === "Enter" || (e.key === "Tab" && !e.shiftKey)) && add()) e.preventDefault();
  };

  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      <div
        className={cn(
          "flex min-h-9 flex-wrap items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-2 py-1.5 shadow-sm",
          "focus-within:border-accent-500 focus-within:ring-2 focus-within:ring-accent-500/30 dark:border-zinc-700 dark:bg-zinc-900",
          shown && "border-red-500 dark:border-red-400",
          disabled && "bg-zinc-50 dark:bg-zinc-800/60",
        )}
      >
        <ul className="contents">
          {values.map((v) => (
            <li
              key={v}
              className={cn(
                "inline-flex items-center gap-1 rounded-md bg-accent-50 py-0.5 pr-0.5 pl-2 font-mono text-xs text-accent-700 ring-1 ring-accent-100 ring-inset dark:bg-accent-950 dark:text-accent-300 dark:ring-accent-700/50",
                chipClassName,
              )}
            >
              {v}
              {disabled ? null : (
                <button
                  type="button"
                  aria-label={`Remove ${v}`}
                  onClick={() => change(latest.current.filter((x) => x !== v))}
                  className="rounded p-0.5 hover:bg-accent-100 dark:hover:bg-accent-700/40"
                >
                  <XIcon className="size-3" />
                </button>
              )}
            </li>
          ))}
        </ul>
        <input
          id={id}
          value={text}
          disabled={disabled}
          onChange={(e) => {
            setText(e.target.value);
            if (problem) setProblem(null);
          }}
          onKeyDown={onKeyDown}
          placeholder={values.length ? undefined : placeholder}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={shown ? true : undefined}
          aria-describedby={`${id}-hint`}
          className="h-6 min-w-40 flex-1 bg-transparent px-1 text-sm text-zinc-900 placeholder:text-zinc-400 focus:outline-none focus-visible:outline-none dark:text-zinc-100"
        />
      </div>
      <p id={`${id}-hint`} className={cn("text-xs", shown ? "font-medium text-red-600 dark:text-red-400" : "text-zinc-500 dark:text-zinc-400")}>
        {shown ?? description}
      </p>
    </div>
  );
}
