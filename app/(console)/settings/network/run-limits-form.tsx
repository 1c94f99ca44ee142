"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { applyServerErrors, errorMessage } from "@/lib/api-client";
import { runSettingsSchema, type RunSettings } from "@/lib/settings/network-schemas";
import { useRunSettings, useUpdateRunSettings } from "@/lib/settings/queries";

const FIELDS = ["testConcurrency.perUser", "testConcurrency.total"] as const;
// An empty box is "no number", which the schema refuses with its own message.
const asNumber = (v: unknown) => (v === "" || v === null || v === undefined ? undefined : Number(v));

export function RunLimitsForm({ initial }: { initial: RunSettings }) {
  const { data } = useRunSettings(initial);
  const update = useUpdateRunSettings();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm({ resolver: zodResolver(runSettingsSchema), defaultValues: data ?? initial });

  const onSubmit = handleSubmit(async (values) => {
    try {
      reset(await update.mutateAsync(values));
      toast.success("Run limits saved");
    } catch (error) {
      if (!applyServerErrors(error, setError, FIELDS)) toast.error(errorMessage(error));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="grid gap-4 p-6 sm:grid-cols-2">
        <Field
          label="Test runs per person at once"
          error={errors.testConcurrency?.perUser?.message}
          description="Counted per user, their API tokens included. Beyond it a new test run is refused (HTTP 429) until one finishes."
        >
          {(control) => <Input {...control} type="number" inputMode="numeric" min={1} max={50} className="max-w-32" {...register("testConcurrency.perUser", { setValueAs: asNumber })} />}
        </Field>
        <Field
          label="Test runs in the workspace at once"
          error={errors.testConcurrency?.total?.message}
          description="Everyone's test runs together. Load runs are queued instead and do not count."
        >
          {(control) => <Input {...control} type="number" inputMode="numeric" min={1} max={200} className="max-w-32" {...register("testConcurrency.total", { setValueAs: asNumber })} />}
        </Field>
      </div>
      <div className="flex items-center justify-end gap-3 rounded-b-lg border-t border-zinc-200 bg-zinc-50 px-6 py-3 dark:border-zinc-800 dark:bg-zinc-900/60">
        <p aria-live="polite" className="text-sm text-zinc-500 dark:text-zinc-400">
          {isDirty ? "Unsaved changes" : null}
        </p>
        <Button type="submit" loading={isSubmitting}>
          Save run limits
        </Button>
      </div>
    </form>
  );
}
