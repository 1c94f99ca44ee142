"use client";

import { useEffect, useId, useRef, useState, type ComponentProps, type Ref } from "react";
import { cn } from "@/components/ui/cn";
import { EyeIcon, EyeOffIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { SECRET_MASK } from "@/lib/connections/rest-schemas";
import { describeSecretRef } from "@/lib/secrets/refs-syntax";

type SecretInputProps = Omit<ComponentProps<"input">, "type"> & {
  /** Accessible name of the reveal toggle, e.g. "Show password". No toggle when omitted (editing a saved secret). */
  revealLabel?: string;
};

function setRef<T>(ref: Ref<T> | undefined, value: T | null) {
  if (typeof ref === "function") ref(value);
  else if (ref) (ref as { current: T | null }).current = value;
}

/**
 * A masked input for a secret. A saved secret arrives as the mask; focusing it selects the mask so
 * typing replaces it, and leaving it alone sends the mask back, which keeps the stored value.
 * A secret reference ($__env{NAME}, $__file{/path}) is no secret: it is shown as written, with
 * where the server reads the value ("from environment variable NAME") under the field.
 */
export function SecretInput({ revealLabel, className, onFocus, onChange, ref, ...props }: SecretInputProps) {
  const [shown, setShown] = useState(false);
  // The field is usually uncontrolled (react-hook-form's register): its value is followed here.
  const [typed, setTyped] = useState(() => String(props.value ?? props.defaultValue ?? ""));
  const input = useRef<HTMLInputElement | null>(null);
  const hintId = useId();
  useEffect(() => {
    if (input.current) setTyped(input.current.value);
  }, []);
  const value = props.value !== undefined ? String(props.value) : typed;
  const reference = describeSecretRef(value);
  const describedBy = [props["aria-describedby"], reference ? hintId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <div className="relative">
        <Input
          {...props}
          ref={(el) => {
            input.current = el;
            setRef(ref, el);
          }}
          aria-describedby={describedBy}
          type={shown || reference ? "text" : "password"}
          autoComplete="new-password"
          spellCheck={false}
          className={cn(revealLabel && !reference ? "pr-10" : undefined, reference ? "font-mono text-[13px]" : undefined, className)}
          onChange={(e) => {
            setTyped(e.currentTarget.value);
            onChange?.(e);
          }}
          onFocus={(e) => {
            if (e.currentTarget.value === SECRET_MASK) e.currentTarget.select();
            onFocus?.(e);
          }}
        />
        {revealLabel && !reference ? (
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
      {reference ? (
        <p id={hintId} data-testid="secret-reference" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          Value {reference}, read by the server on each use.
        </p>
      ) : null}
    </div>
  );
}
