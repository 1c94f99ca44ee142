import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { ApiError, notFound } from "@/lib/api/errors";
import { dataVersion, outsideStoreGeneration } from "@/lib/api/store-version";
import type { Actor } from "@/lib/auth/actor";
import { hasRole, lowerRole } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/service";
import { getDb } from "@/lib/db/client";
import { apiTokens, users, type ApiToken, type User } from "@/lib/db/schema";
import { getUserById } from "@/lib/users/service";
import { displayPrefix, generateToken, hashToken } from "./hashing";
import { parseDuration, type CreateTokenInput } from "./schemas";
import { cachedToken, forgetVerifiedTokens, noteStoreVersion, rememberToken } from "./verified";

export type TokenWithOwner = ApiToken & { userEmail: string };

const LAST_USED_GRANULARITY_MS = 30_000;

function withOwner() {
  return getDb()
    .select({ token: apiTokens, userEmail: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId));
}

export function listTokens(actor: Actor): TokenWithOwner[] {
  const q = withOwner();
  const rows = hasRole(actor.role, "admin") && actor.type === "user" ? q.all() : q.where(eq(apiTokens.userId, actor.userId ?? -1)).all();
  return rows
    .map((r) => ({ ...r.token, userEmail: r.userEmail }))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/**
 * Only a signed-in user (or the CLI) creates tokens. A token that could mint tokens would let a
 * short-lived or later-revoked token leave behind credentials that outlive it (DESIGN §4).
 */
export function createToken(actor: Actor, input: CreateTokenInput): { token: string; record: TokenWithOwner } {
  if (actor.type !== "user" && actor.type !== "system") {
    throw new ApiError("forbidden", "API tokens cannot create tokens; sign in to the console or use `npx switchyard tokens create`");
  }
  const ownerId = input.userId ?? actor.userId;
  if (ownerId === null || ownerId === undefined) {
    throw new ApiError("unprocessable_entity", "Say which user the token belongs to", { userId: "Required" });
  }
  if (ownerId !== actor.userId && !hasRole(actor.role, "admin")) {
    throw new ApiError("forbidden", "Only admins can create tokens for other users");
  }
  const owner = getUserById(ownerId);
  if (!owner) throw new ApiError("unprocessable_entity", "No such user", { userId: "No such user" });
  if (owner.disabled) throw new ApiError("unprocessable_entity", "That user is disabled", { userId: "User is disabled" });
  // A token can do no more than its owner, nor more than whoever creates it.
  const ceiling = lowerRole(owner.role, actor.role);
  const role = input.role ?? ceiling;
  if (!hasRole(ceiling, role)) {
    throw new ApiError("forbidden", `A token's role cannot be higher than ${ceiling}`, { role: `At most ${ceiling}` });
  }
  const token = generateToken();
  const expiresAt = input.expiresIn ? new Date(Date.now() + parseDuration(input.expiresIn)!) : null;
  const record = getDb()
    .insert(apiTokens)
    .values({
      userId: owner.id,
      name: input.name,
      role,
      prefix: displayPrefix(token),
      tokenHash: hashToken(token),
      expiresAt,
      createdBy: actor.userId,
    })
    .returning()
    .get();
  recordAudit(actor, {
    action: "token.create",
    targetType: "token",
    targetId: record.id,
    targetLabel: `${record.name} (${record.prefix}…)`,
    summary: { owner: owner.email, role, expiresAt: expiresAt?.toISOString() ?? null },
  });
  return { token, record: { ...record, userEmail: owner.email } };
}

export function revokeToken(actor: Actor, id: number): TokenWithOwner {
  const row = withOwner().where(eq(apiTokens.id, id)).get();
  if (!row || (row.token.userId !== actor.userId && !hasRole(actor.role, "admin"))) throw notFound("Token");
  if (row.token.revokedAt) return { ...row.token, userEmail: row.userEmail };
  const record = getDb().update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning().get();
  forgetVerifiedTokens();
  recordAudit(actor, {
    action: "token.revoke",
    targetType: "token",
    targetId: id,
    targetLabel: `${record.name} (${record.prefix}…)`,
    summary: { owner: row.userEmail },
  });
  return { ...record, userEmail: row.userEmail };
}

export function revokeTokensByName(actor: Actor, ownerEmail: string, name: string): TokenWithOwner[] {
  const rows = withOwner()
    .where(and(eq(users.email, ownerEmail.toLowerCase()), eq(apiTokens.name, name)))
    .orderBy(desc(apiTokens.id))
    .all();
  return rows.filter((r) => !r.token.revokedAt).map((r) => revokeToken(actor, r.token.id));
}

export type TokenPrincipal = { token: ApiToken; user: User; role: ReturnType<typeof lowerRole> };

/** The token's owner and effective role, or null when the token is unknown, revoked, expired or its owner disabled. */
export function authenticateToken(raw: string, now = new Date()): TokenPrincipal | null {
  const hash = hashToken(raw.trim());
  noteStoreVersion(dataVersion());
  const hit = cachedToken<TokenPrincipal>(hash, now.getTime());
  if (hit && (!hit.token.expiresAt || hit.token.expiresAt > now)) return hit;
  const row = getDb()
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hash))
    .get();
  if (!row || row.token.revokedAt || row.user.disabled) return null;
  if (row.token.expiresAt && row.token.expiresAt <= now) return null;
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    // Bookkeeping no cached answer reads (lib/api/response-cache): it must not rebuild every kept list.
    outsideStoreGeneration(() => getDb().update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id)).run());
  }
  const principal = { token: row.token, user: row.user, role: lowerRole(row.token.role, row.user.role) };
  rememberToken(hash, principal, now.getTime());
  return principal;
}
