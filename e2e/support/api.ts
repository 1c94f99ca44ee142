import crypto from "node:crypto";
import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";

export const baseURL = () => process.env.E2E_BASE_URL!;
export const admin = () => ({ email: process.env.E2E_ADMIN_EMAIL!, password: process.env.E2E_ADMIN_PASSWORD! });

export function unique(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(4).toString("hex")}`;
}

/** Posts to next-auth's credentials callback the way its client does; returns the HTTP status. */
export async function postSignIn(ctx: APIRequestContext, email: string, password: string): Promise<number> {
  const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken, json: "true", callbackUrl: "/" },
    maxRedirects: 0,
  });
  return res.status();
}

/** A request context holding a session cookie for this user. */
export async function signedIn(email: string, password: string, url = baseURL(), headers: Record<string, string> = {}): Promise<APIRequestContext> {
  // A browser sends its Origin with every unsafe request; the API refuses cookie calls without it (CSRF).
  const ctx = await playwrightRequest.newContext({ baseURL: url, extraHTTPHeaders: { origin: new URL(url).origin, ...headers } });
  expect(await postSignIn(ctx, email, password)).toBe(200);
  const me = await ctx.get("/api/me");
  expect(me.status()).toBe(200);
  return ctx;
}

export async function asAdmin(): Promise<APIRequestContext> {
  return signedIn(admin().email, admin().password);
}

export async function createUser(adminCtx: APIRequestContext, role: "viewer" | "editor" | "admin") {
  const email = `${unique(role)}@e2e.test`;
  const password = `pw-${crypto.randomBytes(9).toString("base64url")}`;
  const res = await adminCtx.post("/api/users", { data: { email, password, role } });
  expect(res.status(), await res.text()).toBe(201);
  return { ...(await res.json()), email, password } as { id: number; email: string; password: string; role: string };
}

export async function createToken(ctx: APIRequestContext, data: { name?: string; role?: string; expiresIn?: string } = {}) {
  const res = await ctx.post("/api/tokens", { data: { name: data.name ?? unique("token"), ...data } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { token: string; record: { id: number; prefix: string; role: string } };
}

export async function bare(url = baseURL()): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: url });
}
