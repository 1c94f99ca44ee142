import { afterAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/service";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { MAX_FAILURES, signInLockedUntil, WINDOW_MS } from "./sign-in-limit";

const temp = useTempDataDir();
afterAll(temp.cleanup);

const anon = { type: "anonymous" as const, userId: null, label: "x", role: "viewer" as const, ip: null, requestId: null };

describe("sign-in rate limit", () => {
  it("locks an email after the tenth failure in the window, until the oldest leaves it", () => {
    for (let i = 0; i < MAX_FAILURES - 1; i++) recordAudit(anon, { action: "auth.sign_in_failed", targetLabel: "a@b.io" });
    expect(signInLockedUntil("a@b.io")).toBeNull();
    recordAudit(anon, { action: "auth.sign_in_failed", targetLabel: "a@b.io" });
    const until = signInLockedUntil("A@B.io ")!;
    expect(until.getTime()).toBeGreaterThan(Date.now() + WINDOW_MS - 60_000);
    expect(signInLockedUntil("a@b.io", until.getTime() + 1)).toBeNull();
    expect(signInLockedUntil("other@b.io")).toBeNull();
  });
});
