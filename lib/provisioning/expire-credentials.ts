import "server-only";
import { eq } from "drizzle-orm";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { db } from "@/lib/db/tx";
import { provisionedCredentials } from "@/lib/db/tables";
import { jobQueue } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import { dropRow } from "./drop-credentials";
import { ExpireJob } from "./jobs";
import { expiresAt } from "./store";

// Credentials not touched for their backend's period are dropped by a job that is queued for the
// earliest expiry: creating or extending credentials moves it earlier, and each run queues the
// next. It runs at least hourly while credentials exist, so a shorter period set in the
// environment after a restart still takes effect.

const AT_LEAST_EVERY_MS = 3_600_000;
const RETRY_FAILED_MS = 5 * 60_000;

/** Makes sure an expiry job is queued to run no later than `at`. */
export async function scheduleExpiry(at: Date): Promise<void> {
  const runAt = new Date(Math.min(at.getTime(), Date.now() + AT_LEAST_EVERY_MS));
  await jobQueue().joinOrEnqueue(ExpireJob, {}, runAt);
}

/** The job: drops every expired sandbox (audited as provisioning.expire) and queues the next run. */
export async function expireCredentials(now = new Date()): Promise<{ dropped: number; failed: number; remaining: number }> {
  const rows = await db().select().from(provisionedCredentials).where(eq(provisionedCredentials.state, "ready"));
  let dropped = 0;
  let failed = 0;
  let next = Infinity;
  for (const row of rows) {
    const at = expiresAt(row).getTime();
    if (at > now.getTime()) {
      next = Math.min(next, at);
      continue;
    }
    try {
      await dropRow(SYSTEM_ACTOR, row, "provisioning.expire");
      dropped++;
    } catch (e) {
      failed++;
      next = Math.min(next, now.getTime() + RETRY_FAILED_MS);
      log.warn("Could not drop expired provisioned credentials; trying again later", { id: row.id, backend: row.backend, error: (e as Error).message });
    }
  }
  if (Number.isFinite(next)) await scheduleExpiry(new Date(next));
  return { dropped, failed, remaining: rows.length - dropped };
}
