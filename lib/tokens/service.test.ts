import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor, type Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { apiTokens } from "@/lib/db/schema";
import { holdWriteLock } from "@/lib/testing/hold-write-lock";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { createUser, updateUser } from "@/lib/users/service";
import { eq } from "drizzle-orm";
import { displayPrefix, generateToken, hashToken } from "./hashing";
import { parseDuration } from "./schemas";
import { authenticateToken, createToken, revokeToken } from "./service";

const temp = useTempDataDir();
afterAll(temp.cleanup);

let editor: Actor;
let editorId: number;
beforeAll(async () => {
  const u = await createUser(cliActor(), { email: "ed@example.com", password: "correct horse battery", role: "editor" });
  editorId = u.id;
  editor = { type: "user", userId: u.id, label: u.email, role: "editor", ip: "127.0.0.1", requestId: "t" };
});

describe("token hashing", () => {
  it("makes long random tokens and stores only a SHA-256 hex hash", () => {
    const t = generateToken();
    expect(t).toMatch(/^sy_[A-Za-z0-9_-]{40}$/);
    expect(generateToken()).not.toBe(t);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).toBe(hashToken(t));
    expect(displayPrefix(t)).toBe(t.slice(0, 9));
  });

  it("parses expiry durations", () => {
    expect(parseDuration("30d")).toBe(30 * 86_400_000);
    expect(parseDuration("12h")).toBe(12 * 3_600_000);
    expect(parseDuration("2w")).toBe(14 * 86_400_000);
    expect(parseDuration("0d")).toBeNull();
    expect(parseDuration("soon")).toBeNull();
  });
});

describe("token service", () => {
  it("authenticates a created token and never stores it in plain text", async () => {
    const { token, record } = await createToken(editor, { name: "ci" });
    expect(record.role).toBe("editor");
    const stored = getDb().select().from(apiTokens).where(eq(apiTokens.id, record.id)).get()!;
    expect(JSON.stringify(stored)).not.toContain(token.slice(3));
    const p = (await authenticateToken(token))!;
    expect(p.user.id).toBe(editorId);
    expect(p.role).toBe("editor");
    expect(getDb().select().from(apiTokens).where(eq(apiTokens.id, record.id)).get()!.lastUsedAt).not.toBeNull();
    expect(await authenticateToken(token + "x")).toBeNull();
  });

  it("refuses a role above the creator's", async () => {
    await expect(createToken(editor, { name: "too-high", role: "admin" })).rejects.toThrow(/cannot be higher/);
    expect((await createToken(editor, { name: "lower", role: "viewer" })).record.role).toBe("viewer");
  });

  it("rejects revoked and expired tokens", async () => {
    const { token, record } = await createToken(editor, { name: "short", expiresIn: "1h" });
    expect(await authenticateToken(token)).not.toBeNull();
    expect(await authenticateToken(token, new Date(Date.now() + 2 * 3_600_000))).toBeNull();
    await revokeToken(editor, record.id);
    expect(await authenticateToken(token)).toBeNull();
  });

  it("caps a token at its owner's current role and stops it when the owner is disabled", async () => {
    // A second admin, so demoting and disabling "boss" is allowed (the last admin cannot be).
    await createUser(cliActor(), { email: "root@example.com", password: "correct horse battery", role: "admin" });
    const admin = await createUser(cliActor(), { email: "boss@example.com", password: "correct horse battery", role: "admin" });
    const adminActor: Actor = { ...editor, userId: admin.id, label: admin.email, role: "admin" };
    const { token } = await createToken(adminActor, { name: "admin-token" });
    expect((await authenticateToken(token))!.role).toBe("admin");
    await updateUser(cliActor(), admin.id, { role: "viewer" });
    expect((await authenticateToken(token))!.role).toBe("viewer");
    await updateUser(cliActor(), admin.id, { disabled: true });
    expect(await authenticateToken(token)).toBeNull();
  });

  it("lets only admins create tokens for someone else", async () => {
    const other = await createUser(cliActor(), { email: "other@example.com", password: "correct horse battery", role: "viewer" });
    await expect(createToken(editor, { name: "x", userId: other.id })).rejects.toThrow(/Only admins/);
  });
});

describe("who may create tokens", () => {
  it("refuses a token-authenticated caller and creates nothing", async () => {
    const parent = await createToken(editor, { name: "parent", expiresIn: "1h" });
    const asToken: Actor = { ...editor, type: "token", tokenId: parent.record.id, label: "token parent" };
    const before = getDb().select().from(apiTokens).all().length;
    await expect(createToken(asToken, { name: "child" })).rejects.toThrow(/API tokens cannot create tokens/);
    expect(getDb().select().from(apiTokens).all().length).toBe(before);
  });

  it("lets the CLI (the system actor) create a token for a non-admin, capped at the owner's role", async () => {
    const viewer = await createUser(cliActor(), { email: "cli-viewer@example.com", password: "correct horse battery", role: "viewer" });
    const { record } = await createToken(cliActor(), { name: "cli", userId: viewer.id });
    expect(record.role).toBe("viewer");
    expect(record.userId).toBe(viewer.id);
    await expect(createToken(cliActor(), { name: "cli-high", userId: viewer.id, role: "editor" })).rejects.toThrow(/cannot be higher than viewer/);
  });
});

describe("a revoke racing a token's first use", () => {
  it("is never undone by the cache: a verification that read the token before the revoke committed is not kept", async () => {
    const { token, record } = await createToken(editor, { name: "racing", expiresIn: "1h" });
    // Hold the write lock, as a busy process would: the revoke and the token's last-use write queue behind it.
    const lock = await holdWriteLock();
    const revoked = revokeToken(editor, record.id); // waits for the lock
    const verifying = authenticateToken(token); // reads the token (still valid), then waits for the lock to note its use
    await new Promise((r) => setImmediate(r));
    await lock.release();
    await revoked;
    // The first request may have raced the revoke either way; what follows it must see the revoke.
    await verifying;
    expect(await authenticateToken(token)).toBeNull();
  });
});
