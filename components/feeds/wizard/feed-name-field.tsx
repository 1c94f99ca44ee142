"use client";

import { useId, type ComponentProps } from "react";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { FEED_NAME_RULES } from "@/lib/feeds/name-rules";
import { CheckIcon } from "../feed-icons";
import { XIcon } from "@/components/ui/icons";

type Props = Omit<ComponentProps<"input">, "value"> & {
  value: string;
  /** A problem not covered by the rules (empty, already taken), from the form or the server. */
  error?: string;
  /** Fixed after the first load: the destination table is named after the feed. */
  locked?: boolean;
};

/** Feed Name with Peak's requirements checked as you type: each rule shows whether it is met. */
export function FeedNameField({ value, error, locked, className, id: givenId, ...input }: Props) {
  const autoId = useId();
  const id = givenId ?? autoId;
  const broken = FEED_NAME_RULES.filter((r) => !r.ok(value)).length;
  const typed = value.length > 0;
  // Messages that only repeat a rule (the schema names each broken rule) are shown by the list instead.
  const extra = error && !error.split("; ").every((part) => FEED_NAME_RULES.some((r) => r.message === part)) ? error : undefined;
  const invalid = Boolean(error) || (typed && broken > 0);

  return (
    <div className={cn("space-y-2", className)}>
      <Label htmlFor={id}>Feed Name</Label>
      <Input
        id={id}
        value={value}
        readOnly={locked}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={invalid || undefined}
        aria-describedby={`${id}-rules ${id}-error`}
        className="max-w-md font-mono"
        {...input}
      />
      {locked ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">The name is fixed after the first load: the destination table is named after it.</p>
      ) : null}
      <p id={`${id}-error`} className="text-xs font-medium text-red-600 empty:hidden dark:text-red-400">
        {extra ?? (broken > 0 && (typed || error) ? `${broken} ${broken === 1 ? "requirement is" : "requirements are"} not met` : "")}
      </p>
      <div>
        <p className="mb-1.5 text-xs font-medium text-zinc-600 dark:text-zinc-400">Requirements (Peak's feed name rules, stricter than a connection name's)</p>
        <ul id={`${id}-rules`} aria-label="Name requirements" className="grid gap-1 sm:grid-cols-2">
          {FEED_NAME_RULES.map((rule) => {
            const ok = rule.ok(value);
            const state = !typed ? "pending" : ok ? "met" : "broken";
            return (
              <li
                key={rule.id}
                data-rule={rule.id}
                data-state={state}
                className={cn(
                  "flex items-center gap-2 text-xs",
                  state === "met" && "text-emerald-700 dark:text-emerald-400",
                  state === "broken" && "font-medium text-red-600 dark:text-red-400",
                  state === "pending" && "text-zinc-500 dark:text-zinc-400",
                )}
              >
                {state === "broken" ? (
                  <XIcon className="size-3.5 shrink-0" />
                ) : (
                  <CheckIcon className={cn("size-3.5 shrink-0", state === "pending" && "opacity-40")} />
                )}
                <span>{rule.message}</span>
                <span className="sr-only">{state === "met" ? "(met)" : state === "broken" ? "(not met)" : ""}</span>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
