import "server-only";
import { and, eq, inArray, lt } from "drizzle-orm";
import { inTransaction } from "@/lib/db/tx";
import { runs } from "@/lib/db/tables";
import { fireDueSchedules } from "@/lib/feeds/scheduler";
import { log } from "@/lib/log";
import { reapOrphanedTestRuns } from "@/lib/runs/service";

let lastCleanup = 0;
const TEST_RUN_RETENTION_MS = 24 * 3_600_000;

/** What each worker tick does besides claiming jobs: fire due schedules, reap orphaned test runs, clean up. */
export async function periodic(now = new Date()): Promise<void> {
  await fireDueSchedules(now);
  for (const runId of await reapOrphanedTestRuns(now)) log.warn("Test run lost the process running it; failed it", { runId });
  // Test runs are for the person watching; their logs and previews are kept for a day.
  if (now.getTime() - lastCleanup > 10 * 60_000) {
    lastCleanup = now.getTime();
    const old = and(eq(runs.kind, "test"), inArray(runs.status, ["succeeded", "failed", "cancelled"]), lt(runs.finishedAt, new Date(now.getTime() - TEST_RUN_RETENTION_MS)));
    await inTransaction((tx) => tx.delete(runs).where(old));
  }
}
