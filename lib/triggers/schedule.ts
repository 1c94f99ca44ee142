import { Cron } from "croner";
import type { Trigger, TriggerPreview } from "./schemas";

export class CronError extends Error {}

/**
 * Compiles a cron expression. Five fields are classic cron (0 = Sunday). Six or seven fields are
 * Quartz (seconds first, optional year, 1 = Sunday, `?` `L` `L-n` `W` `LW` `#`, steps from a number
 * such as `0/5`), where exactly one of day-of-month and day-of-week must be `?`, as Quartz requires.
 */
/** What the scheduler needs of a compiled expression. */
export type CompiledCron = { nextRuns(n: number, from: Date): Date[] };

// Quartz's "L-n" (n days before the last day of the month) is not in croner: the day-of-month
// field is widened to the days it can fall on (28-n .. 31-n) and a candidate is kept when it is
// exactly that day in the trigger's time zone.
const LAST_DAY_OFFSET = /^L-(\d{1,2})$/;

function dayAndLastDay(at: Date, timezone: string): { day: number; last: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: timezone, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(at).map((p) => [p.type, p.value]),
  );
  const [y, m, d] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  return { day: d, last: new Date(Date.UTC(y, m, 0)).getUTCDate() };
}

function withLastDayOffset(fields: string[], offset: number, timezone: string): CompiledCron {
  if (offset > 30) throw new CronError(`L-${offset}: a month has at most 31 days, so the offset is at most 30`);
  const widened = [...fields];
  widened[3] = `${Math.max(1, 28 - offset)}-${31 - offset}`;
  const cron = compileCron(widened.join(" "), timezone) as Cron;
  return {
    nextRuns(n, from) {
      const out: Date[] = [];
      let cursor = from;
      // Each batch holds at least one candidate day per month; a year of batches is plenty.
      for (let batch = 0; out.length < n && batch < 500; batch++) {
        const candidates = cron.nextRuns(64, cursor);
        if (!candidates.length) break;
        for (const c of candidates) {
          const { day, last } = dayAndLastDay(c, timezone);
          if (day === last - offset && out.length < n) out.push(c);
        }
        cursor = candidates[candidates.length - 1];
      }
      return out;
    },
  };
}

export function compileCron(expression: string, timezone: string): CompiledCron {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 7) {
    throw new CronError(`Expected 5 fields (classic cron) or 6-7 fields (Quartz), got ${fields.length}`);
  }
  const quartz = fields.length >= 6;
  if (quartz) {
    const [dom, dow] = [fields[3], fields[5]];
    if ((dom === "?") === (dow === "?")) {
      throw new CronError("Quartz expressions need '?' in exactly one of day-of-month (field 4) and day-of-week (field 6)");
    }
  } else if (fields.includes("?")) {
    throw new CronError("'?' is Quartz syntax: use 6-7 fields (seconds first) or '*' in classic cron");
  }
  const offset = quartz ? LAST_DAY_OFFSET.exec(fields[3]) : null;
  if (offset) return withLastDayOffset(fields, Number(offset[1]), timezone);
  try {
    return new Cron(expression.trim(), {
      mode: quartz ? "6-or-7-parts" : "5-part",
      alternativeWeekdays: quartz,
      // Quartz steps from a number: 0/5 (every 5 starting at 0), 1/5 in day-of-month.
      sloppyRanges: quartz,
      timezone,
      paused: true,
    });
  } catch (e) {
    throw new CronError((e as Error).message.replace(/^CronPattern:\s*/, ""));
  }
}

/** The cron expression a basic schedule stands for, or null when it is a plain interval. */
export function cronFor(trigger: Trigger): string | null {
  if (trigger.type !== "schedule") return null;
  if (trigger.mode === "cron") return trigger.cron;
  if (trigger.mode === "weekly") {
    const [hh, mm] = trigger.time.split(":").map(Number);
    return `${mm} ${hh} * * ${trigger.days.join(",")}`;
  }
  if (trigger.unit === "minutes" && 60 % trigger.every === 0) return trigger.every === 1 ? "* * * * *" : `*/${trigger.every} * * * *`;
  if (trigger.unit === "hours" && 24 % trigger.every === 0) return trigger.every === 1 ? "0 * * * *" : `0 */${trigger.every} * * *`;
  return null;
}

/** The next n times a trigger fires after `from` (exclusive). Throws CronError for a bad expression. */
export function nextFireTimes(trigger: Trigger, from: Date, n: number): Date[] {
  if (trigger.type === "once") {
    const at = new Date(trigger.at);
    return at > from ? [at] : [];
  }
  if (trigger.type !== "schedule") return [];
  const cron = cronFor(trigger);
  if (cron) return compileCron(cron, trigger.timezone).nextRuns(n, from);
  if (trigger.mode !== "interval") return [];
  // Intervals that do not divide an hour or a day: every N units from the Unix epoch.
  const period = trigger.every * (trigger.unit === "minutes" ? 60_000 : 3_600_000);
  const first = Math.floor(from.getTime() / period) * period + period;
  return Array.from({ length: n }, (_, i) => new Date(first + i * period));
}

export function previewTrigger(trigger: Trigger, from = new Date()): TriggerPreview {
  try {
    return { valid: true, error: null, field: null, cron: cronFor(trigger), nextRuns: nextFireTimes(trigger, from, 5).map((d) => d.toISOString()) };
  } catch (e) {
    return { valid: false, error: (e as Error).message, field: trigger.type === "schedule" && trigger.mode === "cron" ? "cron" : null, cron: cronFor(trigger), nextRuns: [] };
  }
}
