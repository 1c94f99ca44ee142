import "server-only";
import { and, desc, eq, gte } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";

// After MAX_FAILURES failed sign-ins for one email within WINDOW_MS, further attempts are refused
// (HTTP 429) until the oldest of those failures leaves the window. Failures are read from the audit
// log, so the limit holds across restarts and processes.
export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60 * 1000;

/** When the email may try again, or null if it may try now. */
export function signInLockedUntil(email: string, now = Date.now()): Date | null {
  const recent = getDb()
    .select({ at: auditEvents.at })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, "auth.sign_in_failed"),
        eq(auditEvents.targetLabel, email.trim().toLowerCase()),
        gte(auditEvents.at, new Date(now - WINDOW_MS)),
      ),
    )
    .orderBy(desc(auditEvents.at))
    .limit(MAX_FAILURES)
    .all();
  if (recent.length < MAX_FAILURES) return null;
  return new Date(recent[MAX_FAILURES - 1].at.getTime() + WINDOW_MS);
}
