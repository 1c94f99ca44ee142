"use client";

import { useState, type ComponentProps } from "react";
import { cn } from "@/components/ui/cn";
import { EyeIcon, EyeOffIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { SECRET_MASK } from "@/lib/connections/rest-schemas";

type SecretInputProps = Omit<ComponentProps<"input">, "type"> & {
  /** Accessible name of the reveal toggle, e.g. "Show password". No toggle when omitted (editing a saved secret). */
  revealLabel?: string;
};

/**
 * A masked input for a secret. A saved secret arrives as the mask; focusing it selects the mask so
 * typing replaces it, and leaving it alone sends the mask back, which keeps the stored value.
 */
export function SecretInput({ revealLabel, className, onFocus, ...props }: SecretInputProps) {
  const [shown, setShown] = useState(false);
  return (
    <div className="relative">
      <Input
        {...props}
        type={shown ? "text" : "password"}
        autoComplete="new-password"
        spellCheck={false}
        className={cn(revealLabel ? "pr-10" : undefined, className)}
        onFocus={(e) => {
          if (e.currentTarget.value === SECRET_MASK) e.currentTarget.select();
          onFocus?.(e);
        }}
      />
      {revealLabel ? (
        <button
          type="button"
          aria-label={revealLabel}
          aria-pressed={shown}
          title={shown ? "Hide" : "Show"}
          onClick={() => setShown((s) => !s)}
          className="absolute inset-y-0 right-0 flex w-9 items-center justify-center rounded-r-md text-zinc-500 hover:text-zinc-900 focus-visible:-outline-offset-2 dark:text-zinc-400 dark:hover:text-zinc-100"
        >
          {shown ? <EyeOffIcon className="size-4" /> : <EyeIcon className="size-4" />}
        </button>
      ) : null}
    </div>
  );
}
