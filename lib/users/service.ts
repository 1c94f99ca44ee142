import "server-only";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { ApiError, conflict, invalid, notFound } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { passwordWeakness } from "@/lib/users/password-rules";
import { recordAudit } from "@/lib/audit/service";
import { forgetVerifiedTokens } from "@/lib/tokens/verified";
import { getDb } from "@/lib/db/client";
import { users, type User } from "@/lib/db/schema";
import { revokeAllTokensOf } from "./sessions";
import type { ChangeOwnPasswordInput, CreateUserInput, UpdateUserInput } from "./schemas";

export function findUserByEmail(email: string): User | undefined {
  return getDb()
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .get();
}

export function getUserById(id: number): User | undefined {
  return getDb().select().from(users).where(eq(users.id, id)).get();
}

export function listUsers(): User[] {
  return getDb().select().from(users).orderBy(asc(users.email)).all();
}

export function countUsers(): number {
  return getDb().select({ n: count() }).from(users).get()!.n;
}

export async function createUser(actor: Actor, input: CreateUserInput): Promise<User> {
  if (findUserByEmail(input.email)) {
    throw conflict(`A user with email ${input.email} already exists`, { email: "This email is already in use" });
  }
  const passwordHash = await hashPassword(input.password);
  const user = getDb()
    .insert(users)
    .values({ email: input.email, name: input.name || null, passwordHash, role: input.role, passwordChangedAt: new Date() })
    .returning()
    .get();
  recordAudit(actor, {
    action: "user.create",
    targetType: "user",
    targetId: user.id,
    targetLabel: user.email,
    summary: { role: user.role },
  });
  return user;
}

function activeAdminsOtherThan(id: number): number {
  return getDb()
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, id)))
    .get()!.n;
}

export function updateUser(actor: Actor, id: number, input: UpdateUserInput): User {
  const user = getUserById(id);
  if (!user) throw notFound("User");
  const losesAdmin = user.role === "admin" && !user.disabled && ((input.role && input.role !== "admin") || input.disabled === true);
  if (losesAdmin && activeAdminsOtherThan(id) === 0) {
    const field = input.disabled ? "disabled" : "role";
    throw conflict("Switchyard needs at least one active admin; promote another user first", {
      [field]: "This is the last active admin",
    });
  }
  const changes: Partial<User> = {};
  if (input.name !== undefined) changes.name = input.name || null;
  if (input.role !== undefined) changes.role = input.role;
  if (input.disabled !== undefined) changes.disabled = input.disabled;
  // A new role or a disable ends every session: a cookie never keeps what its user lost (DESIGN §4).
  const endsSessions = (input.role !== undefined && input.role !== user.role) || (input.disabled === true && !user.disabled);
  const updated = getDb()
    .update(users)
    .set({ ...changes, updatedAt: new Date(), ...(endsSessions ? { sessionGeneration: sql`${users.sessionGeneration} + 1` } : {}) })
    .where(eq(users.id, id))
    .returning()
    .get();
  // A token's role and its owner's state are cached for a few seconds: drop them with the change.
  forgetVerifiedTokens();
  recordAudit(actor, {
    action: input.disabled === true ? "user.disable" : input.disabled === false && user.disabled ? "user.enable" : "user.update",
    targetType: "user",
    targetId: id,
    targetLabel: user.email,
    summary: {
      changed: Object.keys(changes),
      ...(input.role && input.role !== user.role ? { role: { from: user.role, to: input.role } } : {}),
      ...(endsSessions ? { signedOutEverywhere: true } : {}),
    },
  });
  return updated;
}

/**
 * A new password ends every session of the user, the caller's own included. A reset by someone
 * else (an admin or the CLI) means the account may be in the wrong hands, so it also revokes all
 * of the user's API tokens; the reset dialog says so before it is confirmed.
 */
export async function setPassword(
  actor: Actor,
  id: number,
  password: string,
  { isReset = actor.userId !== id, field = "password" }: { isReset?: boolean; field?: string } = {},
): Promise<{ tokensRevoked: number }> {
  const user = getUserById(id);
  if (!user) throw notFound("User");
  // The schemas refuse weak passwords; only here are the user's own email and name known.
  const weakness = passwordWeakness(password, [user.email, user.name]);
  if (weakness) throw invalid(field, weakness);
  const passwordHash = await hashPassword(password);
  // One connection: the token revocation below runs inside this transaction.
  const tokensRevoked = getDb().transaction(() => {
    const now = new Date();
    getDb()
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now, sessionGeneration: sql`${users.sessionGeneration} + 1` })
      .where(eq(users.id, id))
      .run();
    return isReset ? revokeAllTokensOf(id, now) : 0;
  });
  recordAudit(actor, {
    action: isReset ? "user.reset_password" : "user.change_password",
    targetType: "user",
    targetId: id,
    targetLabel: user.email,
    // How many API tokens the reset revoked (a key naming tokens would be redacted as a secret).
    summary: { signedOutEverywhere: true, ...(isReset ? { revokedCount: tokensRevoked } : {}) },
  });
  return { tokensRevoked };
}

export async function changeOwnPassword(actor: Actor, input: ChangeOwnPasswordInput): Promise<void> {
  if (actor.type !== "user" || actor.userId === null) {
    throw new ApiError("forbidden", "Only a signed-in user can change their own password");
  }
  const user = getUserById(actor.userId);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new ApiError("unprocessable_entity", "The current password is wrong", {
      currentPassword: "The current password is wrong",
    });
  }
  await setPassword(actor, user.id, input.newPassword, { field: "newPassword" });
}
