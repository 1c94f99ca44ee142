import "server-only";
import { and, eq, isNotNull, lte } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { feeds } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { enqueueLoadRun } from "@/lib/runs/service";
import { nextFireTimes } from "@/lib/triggers/schedule";
import type { Trigger } from "@/lib/triggers/schemas";
import { snapshotOf } from "./service";

/**
 * Starts the load of every active feed whose next run time has come. The next time is computed from
 * now, not from the missed time: a feed that missed ten ticks while the server was down runs once.
 */
export function fireDueSchedules(now = new Date()): number {
  const db = getDb();
  const due = db
    .select()
    .from(feeds)
    .where(and(eq(feeds.status, "active"), isNotNull(feeds.nextRunAt), lte(feeds.nextRunAt, now)))
    .all();
  let fired = 0;
  for (const feed of due) {
    const trigger = feed.trigger as Trigger;
    let next: Date | null = null;
    try {
      next = nextFireTimes(trigger, now, 1)[0] ?? null;
    } catch {
      next = null;
    }
    const started = db.transaction(() => {
      // Conditional on the value read, so two workers never fire the same tick.
      const claimed = db
        .update(feeds)
        .set({ nextRunAt: next })
        .where(and(eq(feeds.id, feed.id), eq(feeds.nextRunAt, feed.nextRunAt!)))
        .run().changes;
      if (!claimed) return null;
      return enqueueLoadRun(feed.id, trigger.type === "once" ? "once" : "schedule", snapshotOf(feed), "scheduler");
    });
    if (started) {
      fired++;
      log.info("Scheduled run queued", { feed: feed.name, runId: started.id, missedSince: feed.nextRunAt!.toISOString(), next: next?.toISOString() ?? null });
    }
  }
  return fired;
}
