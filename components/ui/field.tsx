"use client";

import { useId, type ReactNode } from "react";
import { cn } from "./cn";
import { Label } from "./label";

export type FieldControlProps = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
};

type FieldProps = {
  label: string;
  error?: string;
  description?: ReactNode;
  className?: string;
  /** Receives the id and ARIA wiring to spread onto the control. */
  children: (control: FieldControlProps) => ReactNode;
};

/** Label + control + description + error, with ids and ARIA attributes wired up. */
export function Field({ label, error, description, className, children }: FieldProps) {
  const id = useId();
  // An error replaces the description: it usually says the same thing, only more specifically.
  const descriptionId = description && !error ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("space-y-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {descriptionId ? (
        <p id={descriptionId} className="text-xs text-zinc-500 dark:text-zinc-400">
          {description}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-xs font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
