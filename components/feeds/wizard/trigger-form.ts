import type { z } from "zod";
import type { FeedOut } from "@/lib/feeds/schemas";
import type { triggerFormSchema } from "./trigger-schema";

// The Trigger step's form values, shaped for the screen (Basic vs Advanced, a local date and time for
// Run Once); toTrigger() turns them into the API's trigger. No zod here: the schema (trigger-schema.ts)
// loads when the form first validates.

export const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const; // as in lib/triggers/schemas.ts
export type Weekday = (typeof WEEKDAYS)[number];
export type TriggerType = "schedule" | "webhook" | "once" | "none";
export type TriggerFormValues = z.input<typeof triggerFormSchema>;
export type TriggerFormOutput = z.output<typeof triggerFormSchema>;

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** The form field a trigger field (or a server's "trigger.<field>") is edited in. */
export function formField(triggerField: string): keyof TriggerFormValues {
  const map: Record<string, keyof TriggerFormValues> = { cron: "cron", every: "every", unit: "unit", days: "days", time: "time", timezone: "timezone", at: "onceAt" };
  return map[triggerField] ?? "type";
}

/** The API's trigger for these values (the schedule part only when it is a schedule). */
export function toTrigger(v: Omit<TriggerFormValues, "watchers">): Record<string, unknown> {
  if (v.type === "none" || v.type === "webhook") return { type: v.type };
  if (v.type === "once") return { type: "once", at: v.onceAt ? new Date(v.onceAt).toISOString() : "" };
  if (v.scheduleMode === "advanced") return { type: "schedule", mode: "cron", cron: v.cron.trim(), timezone: v.timezone };
  if (v.basicKind === "weekly") return { type: "schedule", mode: "weekly", days: v.days, time: v.time, timezone: v.timezone };
  return { type: "schedule", mode: "interval", every: v.every, unit: v.unit, timezone: v.timezone };
}

/** "2025-03-04T10:30" in the browser's time zone, for a datetime-local input. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function defaultTriggerValues(feed: FeedOut): TriggerFormValues {
  const t = feed.trigger;
  const s = t.type === "schedule" ? t : undefined;
  return {
    // A draft has never saved a trigger (saving one activates it): start it on Schedule, the common case.
    type: feed.status === "draft" && t.type === "none" ? "schedule" : t.type,
    scheduleMode: s?.mode === "cron" ? "advanced" : "basic",
    basicKind: s?.mode === "weekly" ? "weekly" : "interval",
    every: s?.mode === "interval" ? s.every : 1,
    unit: s?.mode === "interval" && s.unit === "minutes" ? "minutes" : "hours",
    days: s?.mode === "weekly" ? [...s.days] : ["MON", "TUE", "WED", "THU", "FRI"],
    time: s?.mode === "weekly" ? s.time : "06:00",
    cron: s?.mode === "cron" ? s.cron : "0 6 * * *",
    timezone: s?.timezone ?? browserTimeZone(),
    onceAt: t.type === "once" ? toLocalInput(t.at) : "",
    watchers: feed.watchers,
  };
}

export function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", current, ...all])];
}
