"use client";

import { useId } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { cn } from "@/components/ui/cn";
import { AUTH_TYPE_LABEL } from "./connection-labels";
import type { AuthType } from "./rest-form-values";

const OPTIONS: Array<{ value: AuthType; description: string }> = [
  { value: "none", description: "The API needs no credentials." },
  { value: "basic", description: "A username and password go with every request." },
  { value: "custom", description: "Call an authorization URL first; the script gets its response." },
  { value: "bearer", description: "A token sent as Authorization: Bearer." },
  { value: "apiKey", description: "A key in a header or a query parameter." },
  { value: "oauth2", description: "Client credentials or refresh token; renewed for you." },
  { value: "sessionToken", description: "Log in first; the token from the answer is sent on." },
];

type Props = {
  /** Creating: the radios are registered with the form. */
  register?: UseFormRegisterReturn<"authType">;
  /** Editing: the saved type, shown read-only. */
  fixed?: AuthType;
  value: AuthType;
  error?: string;
};

/** The authentication types as radio cards (Peak's three, then the token types), wrapping on narrow screens. */
export function AuthTypeField({ register, fixed, value, error }: Props) {
  const id = useId();
  const readOnly = fixed !== undefined;
  const hintId = readOnly ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset
      role="radiogroup"
      aria-labelledby={`${id}-legend`}
      aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
      className="space-y-1.5"
    >
      <legend id={`${id}-legend`} className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">
        Authentication Type
      </legend>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(10.5rem,1fr))] gap-2">
        {OPTIONS.map((option) => {
          const checked = (fixed ?? value) === option.value;
          const labelled = { "aria-labelledby": `${id}-${option.value}`, "aria-describedby": `${id}-${option.value}-description` };
          return (
            <label
              key={option.value}
              className={cn(
                "flex gap-2.5 rounded-lg border p-3 text-sm transition-colors",
                checked
                  ? "border-accent-500 bg-accent-50/60 ring-1 ring-accent-500 dark:border-accent-400 dark:bg-accent-950/40 dark:ring-accent-400"
                  : "border-zinc-200 dark:border-zinc-700",
                readOnly ? "cursor-not-allowed" : "cursor-pointer hover:border-zinc-300 dark:hover:border-zinc-600",
                readOnly && !checked ? "opacity-50" : undefined,
              )}
            >
              {readOnly ? (
                <input type="radio" name={`${id}-fixed`} value={option.value} checked={checked} disabled readOnly {...labelled} className="mt-0.5 accent-accent-600" />
              ) : (
                <input type="radio" value={option.value} {...register} {...labelled} className="mt-0.5 accent-accent-600" />
              )}
              <span className="min-w-0">
                <span id={`${id}-${option.value}`} className="block font-medium">
                  {AUTH_TYPE_LABEL[option.value]}
                </span>
                <span id={`${id}-${option.value}-description`} className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">{option.description}</span>
              </span>
            </label>
          );
        })}
      </div>
      {hintId ? (
        <p id={hintId} className="text-xs text-zinc-500 dark:text-zinc-400">
          Cannot be changed after creation
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="text-xs font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
