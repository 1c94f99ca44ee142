import { z } from "zod";
import { compileCron } from "./schedule";

export const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;

const timezoneSchema = z
  .string()
  .default("UTC")
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, { error: "Unknown time zone; use an IANA name such as Europe/London" });

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "Use a 24-hour time such as 06:30" });

// Schedules come in three modes: basic interval, basic days-and-time, and advanced cron.
export const scheduleTriggerSchema = z.discriminatedUnion(
  "mode",
  [
    z.object({
      type: z.literal("schedule"),
      mode: z.literal("interval"),
      every: z.number({ error: "Enter a number" }).int({ error: "Use a whole number" }).min(1, { error: "At least 1" }).max(1000, { error: "At most 1000" }),
      unit: z.enum(["minutes", "hours"]),
      timezone: timezoneSchema,
    }),
    z.object({
      type: z.literal("schedule"),
      mode: z.literal("weekly"),
      days: z.array(z.enum(WEEKDAYS)).min(1, { error: "Pick at least one day" }),
      time: timeOfDay,
      timezone: timezoneSchema,
    }),
    z.object({
      type: z.literal("schedule"),
      mode: z.literal("cron"),
      cron: z.string().trim().min(1, { error: "Enter a cron expression" }).max(200),
      timezone: timezoneSchema,
    }).superRefine((v, ctx) => {
      try {
        compileCron(v.cron, v.timezone);
      } catch (e) {
        ctx.addIssue({ code: "custom", path: ["cron"], message: (e as Error).message });
      }
    }),
  ],
  { error: "Schedule mode must be interval, weekly or cron" },
);

export const triggerSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("none") }),
    scheduleTriggerSchema,
    z.object({ type: z.literal("webhook") }),
    z.object({ type: z.literal("once"), at: z.iso.datetime({ offset: true, error: "Use an ISO date and time" }) }),
  ],
  { error: "Trigger type must be none, schedule, webhook or once" },
);
export type Trigger = z.infer<typeof triggerSchema>;

export const triggerPreviewSchema = z.object({
  valid: z.boolean(),
  error: z.string().nullable(),
  // The trigger field the error is about (every, unit, days, time, cron, timezone, at), so a form can
  // show it under that field; null when it is about the trigger as a whole.
  field: z.string().nullable(),
  // The cron expression a basic schedule becomes, for display.
  cron: z.string().nullable(),
  nextRuns: z.array(z.string()),
});
export type TriggerPreview = z.infer<typeof triggerPreviewSchema>;
