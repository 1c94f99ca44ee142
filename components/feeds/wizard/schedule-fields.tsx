"use client";

import { useFormContext, useWatch } from "react-hook-form";
import { cn } from "@/components/ui/cn";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useTriggerPreview } from "@/lib/triggers/queries";
import { NextRuns } from "./next-runs";
import { RadioCards } from "./radio-cards";
import { formField, timeZones, toTrigger, WEEKDAYS, type TriggerFormValues, type Weekday } from "./trigger-form";

const DAY_LABEL: Record<Weekday, string> = { SUN: "Sun", MON: "Mon", TUE: "Tue", WED: "Wed", THU: "Thu", FRI: "Fri", SAT: "Sat" };

/** Schedule: Basic (every N minutes or hours, or days of the week at a time) or Advanced (cron). */
export function ScheduleFields() {
  const { register, setValue, control, formState } = useFormContext<TriggerFormValues>();
  const v = useWatch({ control }) as TriggerFormValues;
  const trigger = toTrigger(v);
  // The live preview checks the schedule as it is typed (the same query NextRuns shows): its error
  // goes under the field it is about, before the form is ever submitted.
  const query = useTriggerPreview(trigger);
  const preview = query.pending || query.isPlaceholderData ? undefined : query.data;
  const live: Partial<Record<keyof TriggerFormValues, string>> = preview && !preview.valid && preview.field && preview.error ? { [formField(preview.field)]: preview.error } : {};
  const message = (name: keyof TriggerFormValues) => formState.errors[name]?.message ?? live[name];
  const errors = {
    every: { message: message("every") },
    unit: { message: message("unit") },
    days: message("days") ? { message: message("days") } : undefined,
    time: { message: message("time") },
    cron: { message: message("cron") },
    timezone: { message: message("timezone") },
  };

  return (
    <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]">
      <div className="min-w-0 space-y-5">
        <RadioCards
          legend="Schedule type"
          name="scheduleMode"
          value={v.scheduleMode}
          onChange={(m) => setValue("scheduleMode", m, { shouldDirty: true })}
          options={[
            { value: "basic", label: "Basic", description: "Every few minutes or hours, or on days of the week" },
            { value: "advanced", label: "Advanced", description: "A cron expression (classic or Quartz)" },
          ]}
        />
        {v.scheduleMode === "basic" ? (
          <div className="space-y-4">
            <RadioCards
              legend="Repeat"
              name="basicKind"
              layout="column"
              value={v.basicKind}
              onChange={(k) => setValue("basicKind", k, { shouldDirty: true })}
              options={[
                { value: "interval", label: "At an interval" },
                { value: "weekly", label: "On days of the week" },
              ]}
            />
            {v.basicKind === "interval" ? (
              <div className="flex items-start gap-3">
                <Field label="Every" error={errors.every.message} className="w-28">
                  {(c) => <Input {...c} type="number" min={1} max={1000} inputMode="numeric" {...register("every", { valueAsNumber: true })} />}
                </Field>
                <Field label="Unit" error={errors.unit.message} className="w-36">
                  {(c) => (
                    <Select {...c} {...register("unit")}>
                      <option value="minutes">minutes</option>
                      <option value="hours">hours</option>
                    </Select>
                  )}
                </Field>
              </div>
            ) : (
              <div className="space-y-4">
                <fieldset aria-describedby={errors.days ? "days-error" : undefined}>
                  <legend className="mb-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">Days</legend>
                  <div className="flex flex-wrap gap-1.5">
                    {WEEKDAYS.map((d) => (
                      <label
                        key={d}
                        className={cn(
                          "relative flex h-9 min-w-12 cursor-pointer items-center justify-center rounded-md border px-2 text-sm font-medium transition-colors",
                          "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-accent-500",
                          v.days.includes(d)
                            ? "border-accent-500 bg-accent-600 text-white dark:border-accent-400 dark:bg-accent-500"
                            : "border-zinc-300 bg-white text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300",
                        )}
                      >
                        <input type="checkbox" value={d} className="absolute inset-0 cursor-pointer appearance-none rounded-md focus-visible:outline-none" {...register("days")} />
                        {DAY_LABEL[d]}
                      </label>
                    ))}
                  </div>
                  {errors.days ? (
                    <p id="days-error" className="mt-1.5 text-xs font-medium text-red-600 dark:text-red-400">
                      {errors.days.message}
                    </p>
                  ) : null}
                </fieldset>
                <Field label="Time" error={errors.time.message} className="w-36">
                  {(c) => <Input {...c} type="time" {...register("time")} />}
                </Field>
              </div>
            )}
          </div>
        ) : (
          <Field
            label="Cron expression"
            error={errors.cron.message}
            description={
              <>
                Five fields (minute hour day month weekday), e.g. <code className="font-mono">30 9 * * MON-FRI</code>, or Quartz with seconds first, e.g.{" "}
                <code className="font-mono">0 15 10 L * ?</code>.
              </>
            }
          >
            {(c) => <Input {...c} className="font-mono" autoComplete="off" spellCheck={false} {...register("cron")} />}
          </Field>
        )}
        <Field label="Time zone" error={errors.timezone.message} description="Schedules follow this zone's clock, daylight saving included." className="max-w-sm">
          {(c) => (
            <Select {...c} {...register("timezone")}>
              {timeZones(v.timezone).map((tz) => (
                <option key={tz} value={tz}>
                  {tz.replace(/_/g, " ")}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <NextRuns trigger={trigger} timeZone={v.timezone} />
    </div>
  );
}
