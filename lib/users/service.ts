import "server-only";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { ApiError, conflict, invalid, notFound } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { passwordWeakness } from "@/lib/users/password-rules";
import { recordAudit } from "@/lib/audit/service";
import { forgetVerifiedTokens } from "@/lib/tokens/verified";
import { db, first, inTransaction, writeDb } from "@/lib/db/tx";
import { users, type User } from "@/lib/db/tables";
import { revokeAllTokensOf } from "./sessions";
import type { ChangeOwnPasswordInput, CreateUserInput, UpdateUserInput } from "./schemas";

export function findUserByEmail(email: string): Promise<User | undefined> {
  return first(
    db()
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`),
  );
}

export function getUserById(id: number): Promise<User | undefined> {
  return first(db().select().from(users).where(eq(users.id, id)));
}

export function listUsers(): Promise<User[]> {
  return db().select().from(users).orderBy(asc(users.email));
}

export async function countUsers(): Promise<number> {
  return (await first(db().select({ n: count() }).from(users)))!.n;
}

export async function createUser(actor: Actor, input: CreateUserInput): Promise<User> {
  if (await findUserByEmail(input.email)) {
    throw conflict(`A user with email ${input.email} already exists`, { email: "This email is already in use" });
  }
  // Hashing is slow: done before the transaction, which the unique email index still guards.
  const passwordHash = await hashPassword(input.password);
  return inTransaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name || null, passwordHash, role: input.role, passwordChangedAt: new Date() })
      .returning();
    await recordAudit(actor, {
      action: "user.create",
      targetType: "user",
      targetId: user.id,
      targetLabel: user.email,
      summary: { role: user.role },
    });
    return user;
  });
}

async function activeAdminsOtherThan(id: number): Promise<number> {
  const row = await first(
    db()
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, id))),
  );
  return row!.n;
}

export async function updateUser(actor: Actor, id: number, input: UpdateUserInput): Promise<User> {
  // One transaction: the last-admin check holds for the write it allows (two admins demoting each other).
  const updated = await inTransaction(() => updateUserIn(actor, id, input));
  // A token's role and its owner's state are cached for a few seconds: drop them once the change is committed.
  forgetVerifiedTokens();
  return updated;
}

/** updateUser inside its transaction. */
async function updateUserIn(actor: Actor, id: number, input: UpdateUserInput): Promise<User> {
  const user = await getUserById(id);
  if (!user) throw notFound("User");
  const losesAdmin = user.role === "admin" && !user.disabled && ((input.role && input.role !== "admin") || input.disabled === true);
  if (losesAdmin && (await activeAdminsOtherThan(id)) === 0) {
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
  const [updated] = await writeDb()
    .update(users)
    .set({ ...changes, updatedAt: new Date(), ...(endsSessions ? { sessionGeneration: sql`${users.sessionGeneration} + 1` } : {}) })
    .where(eq(users.id, id))
    .returning();
  await recordAudit(actor, {
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
  const user = await getUserById(id);
  if (!user) throw notFound("User");
  // The schemas refuse weak passwords; only here are the user's own email and name known.
  const weakness = passwordWeakness(password, [user.email, user.name]);
  if (weakness) throw invalid(field, weakness);
  // Hashing is slow: done before the transaction, never inside it.
  const passwordHash = await hashPassword(password);
  // One transaction: the new password, the sessions it ends and the tokens a reset revokes.
  const tokensRevoked = await inTransaction(async (tx) => {
    const now = new Date();
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now, sessionGeneration: sql`${users.sessionGeneration} + 1` })
      .where(eq(users.id, id));
    const revoked = isReset ? await revokeAllTokensOf(id, now) : 0;
    await recordAudit(actor, {
      action: isReset ? "user.reset_password" : "user.change_password",
      targetType: "user",
      targetId: id,
      targetLabel: user.email,
      // How many API tokens the reset revoked (a key naming tokens would be redacted as a secret).
      summary: { signedOutEverywhere: true, ...(isReset ? { revokedCount: revoked } : {}) },
    });
    return revoked;
  });
  if (tokensRevoked) forgetVerifiedTokens();
  return { tokensRevoked };
}

export async function changeOwnPassword(actor: Actor, input: ChangeOwnPasswordInput): Promise<void> {
  if (actor.type !== "user" || actor.userId === null) {
    throw new ApiError("forbidden", "Only a signed-in user can change their own password");
  }
  const user = await getUserById(actor.userId);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new ApiError("unprocessable_entity", "The current password is wrong", {
      currentPassword: "The current password is wrong",
    });
  }
  await setPassword(actor, user.id, input.newPassword, { field: "newPassword" });
}
