import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import type { FeedState } from "@/lib/destinations/destination";
import { destinationFor } from "@/lib/destinations/registry";
import type { DestinationType } from "@/lib/destinations/types";
import { db, inTransaction } from "@/lib/db/tx";
import { runs } from "@/lib/db/tables";
import { and, eq, inArray } from "drizzle-orm";
import { currentState } from "@/lib/runs/execute";
import { requireFeed, snapshotOf } from "./service";

// The incremental state lives in each destination beside the data it describes (committed in the
// same transaction by load runs). Reading uses the feed's first destination; edits go to all.

async function target(feedId: number) {
  const feed = await requireFeed(feedId);
  const snapshot = snapshotOf(feed);
  if (!snapshot.table || snapshot.destinations.length === 0) {
    throw new ApiError("conflict", "The feed has no name or destination yet, so it has no state");
  }
  return { feed, snapshot };
}

export async function getFeedState(feedId: number): Promise<{ state: FeedState; destination: string | null }> {
  const feed = await requireFeed(feedId);
  const snapshot = snapshotOf(feed);
  return { state: await currentState(feedId, snapshot), destination: snapshot.destinations[0] ?? null };
}

async function writeEverywhere(actor: Actor, feedId: number, state: FeedState | null, action: string) {
  const { feed, snapshot } = await target(feedId);
  const busy = await db()
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.feedId, feedId), eq(runs.kind, "load"), inArray(runs.status, ["running"])));
  if (busy.length) throw new ApiError("conflict", `Run #${busy[0].id} is loading this feed; change the state when it has finished`);
  // Outside any transaction of the store: a destination write goes over the network or waits on the warehouse's lock.
  for (const type of snapshot.destinations) await (await destinationFor(type as DestinationType)).writeState(feedId, snapshot.table!, state);
  await inTransaction(() => recordAudit(actor, { action, targetType: "feed", targetId: feedId, targetLabel: feed.name ?? `#${feedId}`, summary: { state: state === null ? "reset to {}" : state } }));
}

export async function putFeedState(actor: Actor, feedId: number, state: FeedState) {
  await writeEverywhere(actor, feedId, state, "feed.state_update");
  return getFeedState(feedId);
}

export async function resetFeedState(actor: Actor, feedId: number) {
  await writeEverywhere(actor, feedId, null, "feed.state_reset");
  return getFeedState(feedId);
}
