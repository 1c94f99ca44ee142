import { formatDateTime, formatRelative } from "@/components/ui/format";
import type { Trigger } from "@/lib/triggers/schemas";

const DAY: Record<string, string> = { SUN: "Sun", MON: "Mon", TUE: "Tue", WED: "Wed", THU: "Thu", FRI: "Fri", SAT: "Sat" };

/** A trigger in words: "Every 5 minutes (UTC)", "Mon, Wed at 06:30 (Europe/London)", "Webhook"… */
export function describeTrigger(t: Trigger): string {
  switch (t.type) {
    case "schedule": {
      const zone = t.timezone ? ` (${t.timezone})` : "";
      if (t.mode === "interval") return `Every ${t.every === 1 ? "" : `${t.every} `}${t.every === 1 ? t.unit.replace(/s$/, "") : t.unit}${zone}`;
      if (t.mode === "weekly") return `${t.days.map((d) => DAY[d] ?? d).join(", ")} at ${t.time}${zone}`;
      return `Cron ${t.cron}${zone}`;
    }
    case "webhook":
      return "Webhook";
    case "once":
      return `Once, ${formatDateTime(t.at)}`;
    default:
      return "No trigger (run manually)";
  }
}

/** When a future run is due: "in 5 minutes", and "in under a minute" where "just now" would mislead. */
export function formatDue(iso: string): string {
  const ms = new Date(iso).getTime() - Date.now();
  return ms > 0 && ms < 60_000 ? "in under a minute" : formatRelative(iso);
}
