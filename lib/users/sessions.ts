import "server-only";
import crypto from "node:crypto";
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { notFound } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { forgetVerifiedTokens } from "@/lib/tokens/verified";
import { getDb } from "@/lib/db/client";
import { apiTokens, revokedSessions, users, type User } from "@/lib/db/schema";

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
export function sessionUser(claims: SessionClaims | null | undefined): User | null {
  const id = Number(claims?.userId);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  if (typeof claims?.gen !== "number" || typeof claims.sid !== "string" || !claims.sid) return null;
  const user = getDb().select().from(users).where(eq(users.id, id)).get();
  if (!user || user.disabled || user.sessionGeneration !== claims.gen) return null;
  const revoked = getDb().select({ id: revokedSessions.sessionId }).from(revokedSessions).where(eq(revokedSessions.sessionId, claims.sid)).get();
  return revoked ? null : user;
}

/** The claims a new session cookie of this user carries. */
export function startSession(userId: number): { gen: number; sid: string } {
  const user = getDb().select({ gen: users.sessionGeneration }).from(users).where(eq(users.id, userId)).get();
  if (!user) throw new Error("Signed-in user not found");
  return { gen: user.gen, sid: newSessionId() };
}

/** Sign-out: this session id stops working, replayed or not; the user's other sessions stay. */
export function endSession(claims: SessionClaims): void {
  if (typeof claims.sid !== "string" || !claims.sid) return;
  revokeSession(claims.sid);
  const user = getDb().select().from(users).where(eq(users.id, Number(claims.userId))).get();
  if (!user) return;
  recordAudit(
    { type: "user", userId: user.id, label: user.email, role: user.role, ip: null, requestId: null },
    { action: "auth.sign_out", targetType: "user", targetId: user.id, targetLabel: user.email },
  );
}

/**
 * Signs out one session: its id is kept until no cookie carrying it can still be valid. A revoked
 * session cannot be refreshed (the jwt callback refuses it), so one lifetime from now is enough.
 */
export function revokeSession(sessionId: string, now = new Date()): void {
  const db = getDb();
  db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now)).run();
  db.insert(revokedSessions)
    .values({ sessionId, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) })
    .onConflictDoNothing()
    .run();
}

/** Every session cookie of the user stops working. Callers audit the action that caused it. */
export function bumpSessionGeneration(userId: number): void {
  getDb()
    .update(users)
    .set({ sessionGeneration: sql`${users.sessionGeneration} + 1` })
    .where(eq(users.id, userId))
    .run();
}

/** Revokes every active API token of the user; returns how many. */
export function revokeAllTokensOf(userId: number, now = new Date()): number {
  const revoked = getDb()
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .run().changes;
  forgetVerifiedTokens();
  return revoked;
}

/** "Sign out everywhere": for yourself, or an admin's action on another user. */
export function signOutEverywhere(actor: Actor, userId: number): void {
  const user = getDb().select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw notFound("User");
  bumpSessionGeneration(userId);
  recordAudit(actor, {
    action: "user.sign_out_everywhere",
    targetType: "user",
    targetId: userId,
    targetLabel: user.email,
    summary: { by: actor.userId === userId ? "self" : actor.type === "system" ? "cli" : "admin" },
  });
}
