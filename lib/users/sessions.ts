import "server-only";
import crypto from "node:crypto";
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { notFound } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { db, first, inTransaction, writeDb } from "@/lib/db/tx";
import { apiTokens, revokedSessions, users, type User } from "@/lib/db/tables";

// How a session cookie is checked on every request (DESIGN §4): the cookie carries the user's
// session generation at sign-in and a random session id. Bumping the generation kills every
// session of the user; revoking one session id (sign-out) kills that cookie only, even replayed.

/** As long as the longest session cookie (lib/auth/options.ts SESSION_MAX_AGE_S). */
export const SESSION_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export type SessionClaims = { userId?: unknown; gen?: unknown; sid?: unknown };

export function newSessionId(): string {
  return crypto.randomBytes(18).toString("base64url");
}

/** The user the claims belong to, or null when the user is gone or disabled, the generation is stale or the session was signed out. */
export async function sessionUser(claims: SessionClaims | null | undefined): Promise<User | null> {
  const id = Number(claims?.userId);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  if (typeof claims?.gen !== "number" || typeof claims.sid !== "string" || !claims.sid) return null;
  const user = await first(db().select().from(users).where(eq(users.id, id)));
  if (!user || user.disabled || user.sessionGeneration !== claims.gen) return null;
  const revoked = await first(db().select({ id: revokedSessions.sessionId }).from(revokedSessions).where(eq(revokedSessions.sessionId, claims.sid)));
  return revoked ? null : user;
}

/** The claims a new session cookie of this user carries. */
export async function startSession(userId: number): Promise<{ gen: number; sid: string }> {
  const user = await first(db().select({ gen: users.sessionGeneration }).from(users).where(eq(users.id, userId)));
  if (!user) throw new Error("Signed-in user not found");
  return { gen: user.gen, sid: newSessionId() };
}

/** Sign-out: this session id stops working, replayed or not; the user's other sessions stay. */
export async function endSession(claims: SessionClaims): Promise<void> {
  const sid = claims.sid;
  if (typeof sid !== "string" || !sid) return;
  await inTransaction(async () => {
    await revokeSession(sid);
    const user = await first(db().select().from(users).where(eq(users.id, Number(claims.userId))));
    if (!user) return;
    await recordAudit(
      { type: "user", userId: user.id, label: user.email, role: user.role, ip: null, requestId: null },
      { action: "auth.sign_out", targetType: "user", targetId: user.id, targetLabel: user.email },
    );
  });
}

/**
 * Signs out one session: its id is kept until no cookie carrying it can still be valid. A revoked
 * session cannot be refreshed (the jwt callback refuses it), so one lifetime from now is enough.
 */
export async function revokeSession(sessionId: string, now = new Date()): Promise<void> {
  await inTransaction(async (tx) => {
    await tx.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now));
    await tx
      .insert(revokedSessions)
      .values({ sessionId, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) })
      .onConflictDoNothing();
  });
}

/** Every session cookie of the user stops working. Callers audit the action that caused it. */
export async function bumpSessionGeneration(userId: number): Promise<void> {
  await inTransaction((tx) =>
    tx
      .update(users)
      .set({ sessionGeneration: sql`${users.sessionGeneration} + 1` })
      .where(eq(users.id, userId)),
  );
}

/**
 * Revokes every active API token of the user, inside the caller's transaction; returns how many.
 * The caller calls forgetVerifiedTokens() once that transaction is committed: forgotten earlier,
 * a request in between could cache the tokens again from the committed (not yet revoked) rows.
 */
export async function revokeAllTokensOf(userId: number, now = new Date()): Promise<number> {
  const revoked = await writeDb()
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length;
}

/** "Sign out everywhere": for yourself, or an admin's action on another user. */
export async function signOutEverywhere(actor: Actor, userId: number): Promise<void> {
  await inTransaction(async () => {
    const user = await first(db().select().from(users).where(eq(users.id, userId)));
    if (!user) throw notFound("User");
    await bumpSessionGeneration(userId);
    await recordAudit(actor, {
      action: "user.sign_out_everywhere",
      targetType: "user",
      targetId: userId,
      targetLabel: user.email,
      summary: { by: actor.userId === userId ? "self" : actor.type === "system" ? "cli" : "admin" },
    });
  });
}
