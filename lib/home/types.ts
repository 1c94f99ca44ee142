import type { FEED_STATUSES, RunStatus } from "@/lib/db/enums";

type FeedStatus = (typeof FEED_STATUSES)[number];

// What the home page shows, gathered by lib/home/service.ts in a fixed number of queries.

export type HomeRun = {
  id: number;
  feedId: number;
  feedName: string | null;
  status: RunStatus;
  trigger: string;
  /** Committed to some destinations but not all (see lib/runs/service.ts withDuration). */
  partiallyLoaded: boolean;
  recordsLoaded: number;
  error: string | null;
  /** When it finished, or started, or was queued: the most recent of what happened to it (ISO). */
  at: string;
};

export type FailingFeed = { feedId: number; feedName: string | null; feedStatus: FeedStatus; run: HomeRun };
export type PausedFeed = { feedId: number; feedName: string | null; pausedReason: string | null };

export type HomeSettings = {
  warehouse: { label: string; where: string | null };
  network: {
    scriptsMayReachPrivate: boolean;
    serverMayReachPrivate: boolean;
    allowRules: number;
    denyRules: number;
  };
};

export type HomeSummary = {
  connections: number;
  /** Feeds by status; drafts have never been activated. */
  feeds: { active: number; paused: number; draft: number };
  recentRuns: HomeRun[];
  /** Feeds whose latest load run failed, most recent failure first. */
  failing: FailingFeed[];
  paused: PausedFeed[];
  /** Admins only. */
  settings: HomeSettings | null;
};
