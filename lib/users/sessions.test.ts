import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor, type Actor } from "@/lib/auth/actor";
import { authOptions, SESSION_MAX_AGE_S } from "@/lib/auth/options";
import { getDb } from "@/lib/db/client";
import { revokedSessions } from "@/lib/db/schema";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { authenticateToken, createToken } from "@/lib/tokens/service";
import { changeOwnPassword, createUser, getUserById, setPassword, updateUser } from "./service";
import { endSession, revokeSession, SESSION_LIFETIME_MS, sessionUser, signOutEverywhere, startSession } from "./sessions";

const temp = useTempDataDir();
afterAll(temp.cleanup);

const PASSWORD = "correct horse battery";
let n = 0;
async function newUser(role: "viewer" | "editor" | "admin" = "editor") {
  const user = await createUser(cliActor(), { email: `s${++n}@example.com`, password: PASSWORD, role });
  const actor: Actor = { type: "user", userId: user.id, label: user.email, role, ip: null, requestId: null };
  return { user, actor, claims: async () => ({ userId: String(user.id), ...(await startSession(user.id)) }) };
}

beforeAll(async () => {
  // Keeps an active admin around, so demoting or disabling test admins is allowed.
  await newUser("admin");
});

describe("session checks", () => {
  it("keeps revoked session ids exactly as long as a session can live", () => {
    expect(SESSION_LIFETIME_MS).toBe(SESSION_MAX_AGE_S * 1000);
  });

  it("accepts current claims and refuses malformed ones", async () => {
    const { user, claims } = await newUser();
    expect((await sessionUser(await claims()))?.id).toBe(user.id);
    expect(await sessionUser({ userId: String(user.id) })).toBeNull();
    expect(await sessionUser({ ...(await claims()), gen: "0" })).toBeNull();
    expect(await sessionUser({ ...(await claims()), userId: "x" })).toBeNull();
    expect(await sessionUser(null)).toBeNull();
  });

  it("a sign-out kills that session only, and the record is pruned after a lifetime", async () => {
    const { claims } = await newUser();
    const here = await claims();
    const there = await claims();
    await endSession(here);
    expect(await sessionUser(here)).toBeNull();
    expect(await sessionUser(there)).not.toBeNull();
    await revokeSession("someone-else", new Date(Date.now() + SESSION_LIFETIME_MS + 1000));
    expect(getDb().select().from(revokedSessions).all().map((r) => r.sessionId)).not.toContain(here.sid);
  });

  it("password change, reset, disable, role change and sign out everywhere each end every session", async () => {
    const { user, actor, claims } = await newUser();
    const admin = cliActor();
    const steps: [string, () => unknown][] = [
      ["change", () => changeOwnPassword(actor, { currentPassword: PASSWORD, newPassword: "another horse battery" })],
      ["reset", () => setPassword(admin, user.id, PASSWORD)],
      ["role", () => updateUser(admin, user.id, { role: "viewer" })],
      ["disable", () => updateUser(admin, user.id, { disabled: true })],
      ["everywhere", () => signOutEverywhere(admin, user.id)],
    ];
    for (const [name, step] of steps) {
      const c = await claims();
      await step();
      if (name === "disable") await updateUser(admin, user.id, { disabled: false });
      expect(await sessionUser(c), name).toBeNull();
      expect(await sessionUser(await claims()), name).not.toBeNull();
    }
    const renamed = await claims();
    await updateUser(admin, user.id, { name: "New name" });
    expect(await sessionUser(renamed)).not.toBeNull();
  });

  it("a reset by someone else revokes the user's tokens; their own change does not", async () => {
    const { user, actor } = await newUser();
    const { token } = await createToken(actor, { name: "kept" });
    await changeOwnPassword(actor, { currentPassword: PASSWORD, newPassword: "another horse battery" });
    expect(await authenticateToken(token)).not.toBeNull();
    expect(await setPassword(cliActor(), user.id, PASSWORD)).toEqual({ tokensRevoked: 1 });
    expect(await authenticateToken(token)).toBeNull();
    expect((await getUserById(user.id))!.sessionGeneration).toBe(2);
  });

  it("next-auth's jwt callback stamps new sessions and refreshes a dead one into a token with no user", async () => {
    const { user } = await newUser();
    const jwt = authOptions().callbacks!.jwt! as (args: { token: Record<string, unknown>; user?: { id: string } }) => Promise<Record<string, unknown>>;
    const token = await jwt({ token: { email: user.email }, user: { id: String(user.id) } });
    expect(token).toMatchObject({ sub: String(user.id), gen: user.sessionGeneration, sid: expect.any(String) });
    const other = await jwt({ token: {}, user: { id: String(user.id) } });
    expect(other.sid).not.toBe(token.sid);
    expect(await jwt({ token })).toEqual(token);
    await endSession({ userId: token.sub, gen: token.gen, sid: token.sid });
    expect(await jwt({ token })).toEqual({});
    expect(await jwt({ token: other })).toEqual(other);
  });
});
