import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { ApiError, notFound } from "@/lib/api/errors";
import { dataVersion, outsideStoreGeneration } from "@/lib/api/store-version";
import type { Actor } from "@/lib/auth/actor";
import { hasRole, lowerRole } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/service";
import { db, first, inTransaction, writeDb } from "@/lib/db/tx";
import { apiTokens, users, type ApiToken, type User } from "@/lib/db/tables";
import { getUserById } from "@/lib/users/service";
import { displayPrefix, generateToken, hashToken } from "./hashing";
import { parseDuration, type CreateTokenInput } from "./schemas";
import { cachedToken, forgetVerifiedTokens, noteStoreVersion, rememberToken, verifiedEpoch } from "./verified";

export type TokenWithOwner = ApiToken & { userEmail: string };

const LAST_USED_GRANULARITY_MS = 30_000;

function withOwner() {
  return db()
    .select({ token: apiTokens, userEmail: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId));
}

export async function listTokens(actor: Actor): Promise<TokenWithOwner[]> {
  const q = withOwner();
  const rows = await (hasRole(actor.role, "admin") && actor.type === "user" ? q : q.where(eq(apiTokens.userId, actor.userId ?? -1)));
  return rows
    .map((r) => ({ ...r.token, userEmail: r.userEmail }))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/**
 * Only a signed-in user (or the CLI) creates tokens. A token that could mint tokens would let a
 * short-lived or later-revoked token leave behind credentials that outlive it (DESIGN §4).
 */
export async function createToken(actor: Actor, input: CreateTokenInput): Promise<{ token: string; record: TokenWithOwner }> {
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
  const owner = await getUserById(ownerId);
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
  const record = await inTransaction(async (tx) => {
    const [r] = await tx
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
      .returning();
    await recordAudit(actor, {
      action: "token.create",
      targetType: "token",
      targetId: r.id,
      targetLabel: `${r.name} (${r.prefix}…)`,
      summary: { owner: owner.email, role, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return r;
  });
  return { token, record: { ...record, userEmail: owner.email } };
}

export async function revokeToken(actor: Actor, id: number): Promise<TokenWithOwner> {
  const revoked = await inTransaction(() => revokeTokenIn(actor, id));
  // Forgotten once committed: earlier, a request in between could cache the token again.
  forgetVerifiedTokens();
  return revoked;
}

/** revokeToken inside its transaction: read, revoke and audit together. */
async function revokeTokenIn(actor: Actor, id: number): Promise<TokenWithOwner> {
  const row = await first(withOwner().where(eq(apiTokens.id, id)));
  if (!row || (row.token.userId !== actor.userId && !hasRole(actor.role, "admin"))) throw notFound("Token");
  if (row.token.revokedAt) return { ...row.token, userEmail: row.userEmail };
  const [record] = await writeDb().update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning();
  await recordAudit(actor, {
    action: "token.revoke",
    targetType: "token",
    targetId: id,
    targetLabel: `${record.name} (${record.prefix}…)`,
    summary: { owner: row.userEmail },
  });
  return { ...record, userEmail: row.userEmail };
}

export async function revokeTokensByName(actor: Actor, ownerEmail: string, name: string): Promise<TokenWithOwner[]> {
  const revoked = await inTransaction(async () => {
    const rows = await withOwner()
      .where(and(eq(users.email, ownerEmail.toLowerCase()), eq(apiTokens.name, name)))
      .orderBy(desc(apiTokens.id));
    const out: TokenWithOwner[] = [];
    // One at a time: each joins this transaction in turn.
    for (const r of rows) if (!r.token.revokedAt) out.push(await revokeTokenIn(actor, r.token.id));
    return out;
  });
  forgetVerifiedTokens();
  return revoked;
}

export type TokenPrincipal = { token: ApiToken; user: User; role: ReturnType<typeof lowerRole> };

/** The token's owner and effective role, or null when the token is unknown, revoked, expired or its owner disabled. */
export async function authenticateToken(raw: string, now = new Date()): Promise<TokenPrincipal | null> {
  const hash = hashToken(raw.trim());
  noteStoreVersion(await dataVersion());
  const hit = cachedToken<TokenPrincipal>(hash, now.getTime());
  if (hit && (!hit.token.expiresAt || hit.token.expiresAt > now)) return hit;
  const readAt = verifiedEpoch();
  const row = await first(
    db()
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.tokenHash, hash)),
  );
  if (!row || row.token.revokedAt || row.user.disabled) return null;
  if (row.token.expiresAt && row.token.expiresAt <= now) return null;
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    // Bookkeeping no cached answer reads (lib/api/response-cache): it must not rebuild every kept list.
    await outsideStoreGeneration(() => writeDb().update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id)));
  }
  const principal = { token: row.token, user: row.user, role: lowerRole(row.token.role, row.user.role) };
  rememberToken(hash, principal, now.getTime(), readAt);
  return principal;
}
