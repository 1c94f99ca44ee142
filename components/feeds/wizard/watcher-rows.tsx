"use client";

import { useFieldArray, useFormContext } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import type { TriggerFormValues } from "./trigger-form";

/** Watchers: URLs told about each run's outcome (POST with JSON), on success and/or on failure. */
export function WatcherRows() {
  const { control, register, formState } = useFormContext<TriggerFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: "watchers" });
  const errors = formState.errors.watchers;

  return (
    <div className="space-y-3">
      {fields.length === 0 ? <p className="text-sm text-zinc-500 dark:text-zinc-400">No watchers: nobody is notified when a run ends.</p> : null}
      <ul className="space-y-2">
        {fields.map((field, i) => {
          const error = errors?.[i]?.url?.message;
          return (
            <li key={field.id} role="group" aria-label={`Watcher ${i + 1}`} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
              <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
                <div className="min-w-64 flex-1">
                  <Input
                    type="url"
                    placeholder="https://hooks.example.com/switchyard"
                    aria-label={`Watcher ${i + 1} URL`}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `watcher-${i}-error` : undefined}
                    {...register(`watchers.${i}.url`)}
                  />
                </div>
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" className="size-4 accent-accent-600 dark:accent-accent-400" {...register(`watchers.${i}.onSuccess`)} />
                  On success
                </label>
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" className="size-4 accent-accent-600 dark:accent-accent-400" {...register(`watchers.${i}.onFailure`)} />
                  On failure
                </label>
                <Button variant="ghostDanger" size="sm" onClick={() => remove(i)} aria-label={`Remove watcher ${i + 1}`}>
                  <TrashIcon className="size-3.5" />
                </Button>
              </div>
              {error ? (
                <p id={`watcher-${i}-error`} className="mt-1.5 text-xs font-medium text-red-600 dark:text-red-400">
                  {error}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      {fields.length < 20 ? (
        <Button variant="secondary" size="sm" onClick={() => append({ url: "", onSuccess: false, onFailure: true })}>
          <PlusIcon className="size-3.5" />
          Add watcher
        </Button>
      ) : null}
    </div>
  );
}
