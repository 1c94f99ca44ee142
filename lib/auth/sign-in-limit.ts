import "server-only";
import { and, eq, gt, inArray, isNull, max, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { db, first } from "@/lib/db/tx";
import { auditEvents } from "@/lib/db/tables";
import { backoffUntil, LIMITS, WINDOW_MS, type Limit } from "./sign-in-backoff";
import { countRows } from "@/lib/db/sql-dialect";

// Failed sign-ins (console and HTTP Basic alike) are read back from the audit log, so the limits
// hold across restarts and processes. Three counters, each with exponential backoff:
// - one email from one address: a stranger elsewhere cannot lock the account out;
// - one address over all emails: one password sprayed over many accounts is limited;
// - one email over all addresses, with a much higher threshold: a distributed attack on one
//   account is still bounded.
// A success resets the email's counters; an admin's unlock resets them too.

export { LIMITS, WINDOW_MS } from "./sign-in-backoff";

export const FAILED = "auth.sign_in_failed";
export const SUCCEEDED = "auth.sign_in";
export const UNLOCKED = "user.sign_in_unlocked";

export type SignInClient = {
  ip: string | null;
  // The address is a trusted proxy that named no client: it stands for many clients, so only the
  // per-email counters apply (lib/auth/forwarded.ts).
  viaTrustedOnly?: boolean;
};

export type SignInLock = { until: Date; scope: "account" | "address" };

const normal = (email: string) => email.trim().toLowerCase();

async function lastReset(email: string, ip: string | null | undefined, now: number): Promise<number> {
  const resets = and(
    eq(auditEvents.targetLabel, email),
    ip === undefined
      ? inArray(auditEvents.action, [SUCCEEDED, UNLOCKED])
      : sql`(${auditEvents.action} = ${UNLOCKED} or (${auditEvents.action} = ${SUCCEEDED} and ${ip === null ? isNull(auditEvents.ip) : eq(auditEvents.ip, ip)}))`,
    gt(auditEvents.at, new Date(now - WINDOW_MS)),
  );
  const row = await first(db().select({ at: max(auditEvents.at) }).from(auditEvents).where(resets));
  return row?.at ? new Date(row.at).getTime() : 0;
}

async function failures(where: ReturnType<typeof and>, since: number): Promise<{ count: number; last: number }> {
  const row = await first(
    db()
      .select({ count: countRows(), last: max(auditEvents.at) })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, FAILED), gt(auditEvents.at, new Date(since)), where)),
  );
  return { count: Number(row?.count ?? 0), last: row?.last ? new Date(row.last).getTime() : 0 };
}

function lockFor(limit: Limit, f: { count: number; last: number }, now: number): number | null {
  const until = backoffUntil(f.count, f.last, limit);
  return until !== null && until > now ? until : null;
}

/** Whether this email may try to sign in from this client now; the latest lock if not. */
export async function signInLock(emailRaw: string, client: SignInClient, now = Date.now()): Promise<SignInLock | null> {
  const email = normal(emailRaw);
  const windowStart = now - WINDOW_MS;
  const locks: SignInLock[] = [];
  const emailSince = Math.max(windowStart, await lastReset(email, undefined, now));
  const perEmail = lockFor(LIMITS.email, await failures(eq(auditEvents.targetLabel, email), emailSince), now);
  if (perEmail) locks.push({ until: new Date(perEmail), scope: "account" });
  if (client.ip) {
    const pairSince = Math.max(windowStart, await lastReset(email, client.ip, now));
    const pair = lockFor(LIMITS.pair, await failures(and(eq(auditEvents.targetLabel, email), eq(auditEvents.ip, client.ip)), pairSince), now);
    if (pair) locks.push({ until: new Date(pair), scope: "account" });
    if (!client.viaTrustedOnly) {
      const address = lockFor(LIMITS.address, await failures(eq(auditEvents.ip, client.ip), windowStart), now);
      if (address) locks.push({ until: new Date(address), scope: "address" });
    }
  }
  if (!locks.length) return null;
  return locks.reduce((a, b) => (b.until > a.until ? b : a));
}

/** Seconds until the lock ends (at least 1), for Retry-After. */
export function retryAfterSeconds(lock: SignInLock, now = Date.now()): number {
  return Math.max(1, Math.ceil((lock.until.getTime() - now) / 1000));
}

export function rateLimitMessage(lock: SignInLock, now = Date.now()): string {
  const s = retryAfterSeconds(lock, now);
  const when = s < 120 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`;
  const what = lock.scope === "address" ? "from this address" : "for this email";
  return `Too many failed sign-ins ${what}. Try again in ${when}.`;
}

export async function recordSignInFailure(emailRaw: string, client: SignInClient, requestId: string | null, summary: Record<string, unknown>, targetId?: number): Promise<void> {
  const email = normal(emailRaw);
  const actor: Actor = { type: "anonymous", userId: null, label: email, role: "viewer", ip: client.ip, requestId };
  await recordAudit(actor, { action: FAILED, targetType: "user", targetId, targetLabel: email, summary });
}

/** An admin lifts the account's lock (every address); the per-address counters stay. */
export async function unlockSignIn(actor: Actor, user: { id: number; email: string }): Promise<void> {
  await recordAudit(actor, { action: UNLOCKED, targetType: "user", targetId: user.id, targetLabel: normal(user.email) });
}
