import "server-only";
import { count, desc, eq, max } from "drizzle-orm";
import { hasRole, type Role } from "@/lib/auth/roles";
import { db as store } from "@/lib/db/tx";
import { connections, feeds, runs, type Run } from "@/lib/db/tables";
import { WAREHOUSE_LABELS } from "@/lib/destinations/types";
import { getWarehouse } from "@/lib/destinations/warehouse";
import { getNetworkSettings } from "@/lib/settings/service";
import type { HomeRun, HomeSettings, HomeSummary } from "./types";

const RECENT_RUNS = 8;
const LISTED_FEEDS = 10;

const runColumns = {
  id: runs.id,
  feedId: runs.feedId,
  feedName: feeds.name,
  status: runs.status,
  trigger: runs.trigger,
  recordsLoaded: runs.recordsLoaded,
  error: runs.error,
  destinations: runs.destinations,
  queuedAt: runs.queuedAt,
  startedAt: runs.startedAt,
  finishedAt: runs.finishedAt,
};

type RunRow = Pick<Run, "id" | "feedId" | "status" | "trigger" | "recordsLoaded" | "error" | "destinations" | "queuedAt" | "startedAt" | "finishedAt"> & {
  feedName: string | null;
};

function toHomeRun(row: RunRow): HomeRun {
  return {
    id: row.id,
    feedId: row.feedId!,
    feedName: row.feedName,
    status: row.status,
    trigger: row.trigger,
    // The same rule as withDuration in lib/runs/service.ts.
    partiallyLoaded: row.status !== "succeeded" && (row.destinations ?? []).some((d) => d.status === "committed"),
    recordsLoaded: row.recordsLoaded,
    error: row.error,
    at: (row.finishedAt ?? row.startedAt ?? row.queuedAt).toISOString(),
  };
}

async function settingsSummary(): Promise<HomeSettings> {
  const warehouse = await getWarehouse();
  const where = warehouse.type === "sqlite" ? null : warehouse.type === "snowflake" ? warehouse.account : `${warehouse.host}:${warehouse.port}/${warehouse.database}`;
  const network = await getNetworkSettings();
  return {
    warehouse: { label: WAREHOUSE_LABELS[warehouse.type], where },
    network: {
      scriptsMayReachPrivate: network.scriptsMayReachPrivate,
      serverMayReachPrivate: network.serverMayReachPrivate,
      allowRules: network.allow.length + network.environment.allow.length,
      denyRules: network.deny.length + network.environment.deny.length,
    },
  };
}

/** Everything the home page shows, in five queries whatever the number of feeds and runs. */
export async function getHomeSummary(role: Role): Promise<HomeSummary> {
  const db = store();
  const [{ n: connectionCount }] = await db.select({ n: count() }).from(connections);
  const byStatus = await db.select({ status: feeds.status, n: count() }).from(feeds).groupBy(feeds.status);
  const feedCounts = { active: 0, paused: 0, draft: 0 };
  for (const { status, n } of byStatus) feedCounts[status] = n;

  const recentRuns = (
    await db
    .select(runColumns)
    .from(runs)
    .innerJoin(feeds, eq(feeds.id, runs.feedId))
    .where(eq(runs.kind, "load"))
    .orderBy(desc(runs.id))
    .limit(RECENT_RUNS)
  ).map(toHomeRun);

  // Each feed's latest load run (the highest id: runs are numbered as they are queued), kept when it failed.
  const latest = db
    .select({ feedId: runs.feedId, runId: max(runs.id).as("latest_run_id") })
    .from(runs)
    .where(eq(runs.kind, "load"))
    .groupBy(runs.feedId)
    .as("latest");
  const failing = (
    await db
    .select({ ...runColumns, feedStatus: feeds.status })
    .from(latest)
    .innerJoin(runs, eq(runs.id, latest.runId))
    .innerJoin(feeds, eq(feeds.id, runs.feedId))
    .where(eq(runs.status, "failed"))
    .orderBy(desc(runs.id))
    .limit(LISTED_FEEDS)
  ).map((row) => ({ feedId: row.feedId!, feedName: row.feedName, feedStatus: row.feedStatus, run: toHomeRun(row) }));

  const paused = await db
    .select({ feedId: feeds.id, feedName: feeds.name, pausedReason: feeds.pausedReason })
    .from(feeds)
    .where(eq(feeds.status, "paused"))
    .orderBy(desc(feeds.updatedAt), desc(feeds.id))
    .limit(LISTED_FEEDS);

  return {
    connections: connectionCount,
    feeds: feedCounts,
    recentRuns,
    failing,
    paused,
    settings: hasRole(role, "admin") ? await settingsSummary() : null,
  };
}
