import "server-only";
import { and, eq, isNotNull, lte } from "drizzle-orm";
import { db, inTransaction } from "@/lib/db/tx";
import { feeds, type Feed, type Run } from "@/lib/db/tables";
import { log } from "@/lib/log";
import { enqueueLoadRun } from "@/lib/runs/service";
import { nextFireTimes } from "@/lib/triggers/schedule";
import { snapshotOf } from "./service";

/** The active feeds whose next run time has come. */
export function dueFeeds(now = new Date()): Promise<Feed[]> {
  return db()
    .select()
    .from(feeds)
    .where(and(eq(feeds.status, "active"), isNotNull(feeds.nextRunAt), lte(feeds.nextRunAt, now)));
}

/**
 * Fires the tick `feed.nextRunAt` of a feed read by {@link dueFeeds}, unless another scheduler
 * instance already did: the tick is claimed with an UPDATE conditional on the fire time read (the
 * (feed, fire time) marker), in the same transaction as the run it queues, so across any number of
 * instances on the store each tick fires exactly once. The next time is computed from now, not from
 * the missed time, and is always later than the tick, so a claimed tick never comes back.
 */
export async function fireTick(feed: Feed, now = new Date()): Promise<Run | null> {
  const trigger = feed.trigger;
  let next: Date | null = null;
  try {
    next = nextFireTimes(trigger, now, 1)[0] ?? null;
  } catch {
    next = null;
  }
  const started = await inTransaction(async (tx) => {
    const claimed = await tx
      .update(feeds)
      .set({ nextRunAt: next })
      .where(and(eq(feeds.id, feed.id), eq(feeds.nextRunAt, feed.nextRunAt!)))
      .returning({ id: feeds.id });
    if (!claimed.length) return null;
    return enqueueLoadRun(feed.id, trigger.type === "once" ? "once" : "schedule", snapshotOf(feed), "scheduler");
  });
  if (started) log.info("Scheduled run queued", { feed: feed.name, runId: started.id, missedSince: feed.nextRunAt!.toISOString(), next: next?.toISOString() ?? null });
  return started;
}

/** Starts the load of every active feed whose next run time has come; a feed that missed ten ticks while the server was down runs once. */
export async function fireDueSchedules(now = new Date()): Promise<number> {
  let fired = 0;
  // One after another: each tick is its own short transaction, and the scheduler is no hurry.
  for (const feed of await dueFeeds(now)) if (await fireTick(feed, now)) fired++;
  return fired;
}
