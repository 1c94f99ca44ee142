import crypto from "node:crypto";
import { bare } from "./api";

// The suite's server trusts loopback as a proxy (global-setup.ts), so each test names its own client
// in X-Forwarded-For: documentation addresses only, a fresh one per test so retries start clean.
export const v6 = () => `2001:db8:${crypto.randomBytes(2).toString("hex")}:${crypto.randomBytes(2).toString("hex")}::${crypto.randomBytes(2).toString("hex")}`;
export const v4 = () => `203.0.113.${crypto.randomInt(1, 255)}`;
export const randomEmail = () => `nobody-${crypto.randomBytes(5).toString("hex")}@e2e.test`;

/** One sign-in through the console's form (next-auth's credentials callback), from `ip`. */
export async function attempt(email: string, password: string, ip: string, extra: Record<string, string> = {}) {
  const ctx = await bare();
  const headers = { "x-forwarded-for": ip };
  const { csrfToken } = await (await ctx.get("/api/auth/csrf", { headers })).json();
  const res = await ctx.post("/api/auth/callback/credentials", {
    headers,
    form: { email, password, csrfToken, json: "true", ...extra },
    maxRedirects: 0,
  });
  const out = { status: res.status(), retryAfter: Number(res.headers()["retry-after"]), body: await res.json().catch(() => null), ctx };
  return out;
}
