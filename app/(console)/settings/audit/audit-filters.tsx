"use client";

import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { isoToLocalInput, localInputToIso, type AuditUrlFilters } from "./audit-url";

type Patch = Partial<Omit<AuditUrlFilters, "page">>;

type Props = {
  filters: AuditUrlFilters;
  actions: string[];
  onChange: (patch: Patch) => void;
  /** Shown only when some filter is set. */
  onClear?: () => void;
};

const TYPING_DELAY_MS = 350;

/** Filters apply as you go: selects and dates at once, text shortly after you stop typing (or on Enter). */
export function AuditFiltersForm({ filters, actions, onChange, onClear }: Props) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<Patch>({});
  useEffect(() => () => clearTimeout(timer.current), []);

  const flush = () => {
    clearTimeout(timer.current);
    if (Object.keys(pending.current).length) onChange(pending.current);
    pending.current = {};
  };
  const typed = (key: "actor" | "target", value: string) => {
    pending.current = { ...pending.current, [key]: value.trim() || undefined };
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, TYPING_DELAY_MS);
  };
  const now = (patch: Patch) => {
    flush();
    onChange(patch);
  };

  // The current action stays selectable even when this page's list does not include it.
  const actionOptions = filters.action && !actions.includes(filters.action) ? [filters.action, ...actions] : actions;

  return (
    <form
      role="search"
      aria-label="Filter audit events"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        flush();
      }}
      className="grid grid-cols-2 items-end gap-3 md:grid-cols-3 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm xl:grid-cols-[repeat(5,minmax(0,1fr))_auto] dark:border-zinc-800 dark:bg-zinc-900"
    >
      <Field label="Action">
        {(control) => (
          <Select {...control} value={filters.action ?? ""} onChange={(e) => now({ action: e.target.value || undefined })}>
            <option value="">All</option>
            {actionOptions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Actor">
        {(control) => (
          <Input
            {...control}
            type="search"
            placeholder="Email or token"
            defaultValue={filters.actor ?? ""}
            onChange={(e) => typed("actor", e.target.value)}
          />
        )}
      </Field>
      <Field label="Target">
        {(control) => (
          <Input
            {...control}
            type="search"
            placeholder="User, token, setting…"
            defaultValue={filters.target ?? ""}
            onChange={(e) => typed("target", e.target.value)}
          />
        )}
      </Field>
      <Field label="From">
        {(control) => (
          <Input
            {...control}
            type="datetime-local"
            defaultValue={isoToLocalInput(filters.from)}
            onChange={(e) => now({ from: localInputToIso(e.target.value) })}
          />
        )}
      </Field>
      <Field label="To">
        {(control) => (
          <Input
            {...control}
            type="datetime-local"
            defaultValue={isoToLocalInput(filters.to)}
            onChange={(e) => now({ to: localInputToIso(e.target.value) })}
          />
        )}
      </Field>
      <div className="flex justify-end">
        <Button variant="ghost" onClick={onClear} disabled={!onClear}>
          Clear filters
        </Button>
      </div>
    </form>
  );
}
