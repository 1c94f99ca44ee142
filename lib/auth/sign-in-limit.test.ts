import { afterAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/service";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { backoffUntil } from "./sign-in-backoff";
import { LIMITS, rateLimitMessage, recordSignInFailure, retryAfterSeconds, signInLock, SUCCEEDED, unlockSignIn } from "./sign-in-limit";

const temp = useTempDataDir();
afterAll(temp.cleanup);

let n = 0;
const email = () => `user${++n}-${Date.now()}@limit.test`;
const fail = async (e: string, ip: string | null, times = 1) => {
  for (let i = 0; i < times; i++) await recordSignInFailure(e, { ip }, null, { reason: "wrong_password" });
};

describe("backoff arithmetic (injected clock)", () => {
  const limit = { threshold: 5, baseMs: 60_000, capMs: 3_600_000 };
  it("locks at the threshold for the base time, doubling with each further failure, capped", () => {
    const t = 1_000_000;
    expect(backoffUntil(4, t, limit)).toBeNull();
    expect(backoffUntil(5, t, limit)).toBe(t + 60_000);
    expect(backoffUntil(6, t, limit)).toBe(t + 120_000);
    expect(backoffUntil(7, t, limit)).toBe(t + 240_000);
    expect(backoffUntil(11, t, limit)).toBe(t + 3_600_000); // 64 min capped at 60
    expect(backoffUntil(10_000, t, limit)).toBe(t + 3_600_000);
  });
});

describe("sign-in limits", () => {
  it("locks one email from one address, not from another address", async () => {
    const e = email();
    await fail(e, "203.0.113.7", LIMITS.pair.threshold - 1);
    expect(await signInLock(e, { ip: "203.0.113.7" })).toBeNull();
    await fail(e, "203.0.113.7");
    const lock = (await signInLock(e.toUpperCase(), { ip: "203.0.113.7" }))!;
    expect(lock.scope).toBe("account");
    expect(retryAfterSeconds(lock)).toBeGreaterThan(50);
    expect(retryAfterSeconds(lock)).toBeLessThanOrEqual(60);
    expect(rateLimitMessage(lock)).toMatch(/Try again in \d+ seconds/);
    // The owner elsewhere is not locked out by the stranger, and the lock ends on time.
    expect(await signInLock(e, { ip: "198.51.100.9" })).toBeNull();
    expect(await signInLock(e, { ip: "203.0.113.7" }, lock.until.getTime() + 1)).toBeNull();
  });

  it("doubles the lock with each failure past the threshold", async () => {
    const e = email();
    await fail(e, "203.0.113.8", LIMITS.pair.threshold + 2);
    expect(retryAfterSeconds((await signInLock(e, { ip: "203.0.113.8" }))!)).toBeGreaterThan(230);
  });

  it("limits one address spraying many emails, unless it is a trusted proxy standing for many clients", async () => {
    const ip = "203.0.113.20";
    for (let i = 0; i < LIMITS.address.threshold; i++) await fail(email(), ip);
    const fresh = email();
    expect(await signInLock(fresh, { ip })).toMatchObject({ scope: "address" });
    expect(await signInLock(fresh, { ip, viaTrustedOnly: true })).toBeNull();
  });

  it("keeps a higher ceiling per email over all addresses", async () => {
    const e = email();
    for (let i = 0; i < LIMITS.email.threshold; i++) await fail(e, `2001:db8::${i.toString(16)}`);
    expect(await signInLock(e, { ip: "198.51.100.200" })).toMatchObject({ scope: "account" });
    expect(await signInLock(email(), { ip: "198.51.100.200" })).toBeNull();
  });

  it("a success from the address and an admin's unlock reset the email's counters", async () => {
    const e = email();
    await fail(e, "203.0.113.30", LIMITS.pair.threshold);
    expect(await signInLock(e, { ip: "203.0.113.30" })).not.toBeNull();
    await unlockSignIn(SYSTEM_ACTOR, { id: 1, email: e });
    expect(await signInLock(e, { ip: "203.0.113.30" })).toBeNull();
    const e2 = email();
    await fail(e2, "203.0.113.31", LIMITS.pair.threshold - 1);
    await recordAudit({ ...SYSTEM_ACTOR, ip: "203.0.113.31" }, { action: SUCCEEDED, targetLabel: e2 });
    await fail(e2, "203.0.113.31");
    expect(await signInLock(e2, { ip: "203.0.113.31" })).toBeNull();
  });
});
