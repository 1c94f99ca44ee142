import crypto from "node:crypto";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { asAdmin, baseURL, bare, createUser, signedIn } from "../support/api";

type StorageState = Awaited<ReturnType<APIRequestContext["storageState"]>>;

/** A second client holding a copy of the captured cookie, as an attacker replaying it would. */
async function replay(state: StorageState): Promise<APIRequestContext> {
  return request.newContext({ baseURL: baseURL(), storageState: state, extraHTTPHeaders: { origin: baseURL() } });
}

async function userWithCapturedCookie(role: "viewer" | "editor" = "editor") {
  const adminCtx = await asAdmin();
  const user = await createUser(adminCtx, role);
  const ctx = await signedIn(user.email, user.password);
  const captured = await ctx.storageState();
  expect(captured.cookies.some((c) => c.name.endsWith("next-auth.session-token"))).toBe(true);
  // The copy works before the event, so a 401 after it is the event's doing.
  expect((await (await replay(captured)).get("/api/me")).status()).toBe(200);
  return { adminCtx, user, ctx, captured };
}

async function expectDead(state: StorageState, what: string) {
  const ctx = await replay(state);
  expect((await ctx.get("/api/me")).status(), what).toBe(401);
  expect((await ctx.post("/api/tokens", { data: { name: "after" } })).status(), what).toBe(401);
  // Pages send it to sign-in, and next-auth will not refresh it into a cookie that works.
  const page = await ctx.get("/settings/account");
  expect(new URL(page.url()).pathname, what).toBe("/sign-in");
  const refreshed = await ctx.get("/api/auth/session");
  expect(refreshed.status(), what).toBe(200);
  expect((await refreshed.json()).userId, what).toBeUndefined();
  expect((await ctx.get("/api/me")).status(), what).toBe(401);
}

async function signOut(ctx: APIRequestContext) {
  const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
  const res = await ctx.post("/api/auth/signout", { form: { csrfToken, callbackUrl: "/sign-in", json: "true" } });
  expect(res.status()).toBe(200);
}

async function auditActions(adminCtx: APIRequestContext, email: string): Promise<string[]> {
  const res = await adminCtx.get(`/api/audit?target=${encodeURIComponent(email)}&pageSize=100`);
  expect(res.status()).toBe(200);
  return ((await res.json()).events as { action: string }[]).map((e) => e.action);
}

const newPassword = () => `pw-${crypto.randomBytes(12).toString("base64url")}`;

test("a password change ends the captured session cookie, and the new password signs in", async () => {
  const { adminCtx, user, ctx, captured } = await userWithCapturedCookie();
  const password = newPassword();
  expect((await ctx.post("/api/me/password", { data: { currentPassword: user.password, newPassword: password } })).status()).toBe(204);
  await expectDead(captured, "after a password change");
  await signedIn(user.email, password);
  expect(await auditActions(adminCtx, user.email)).toContain("user.change_password");
});

test("an admin's password reset ends the user's sessions and revokes all of their API tokens", async () => {
  const { adminCtx, user, ctx, captured } = await userWithCapturedCookie();
  const made = [];
  for (const name of ["ci", "laptop"]) {
    const res = await ctx.post("/api/tokens", { data: { name } });
    expect(res.status()).toBe(201);
    made.push((await res.json()) as { token: string; record: { id: number } });
  }
  const anon = await bare();
  for (const { token } of made) expect((await anon.get("/api/me", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);

  expect((await adminCtx.post(`/api/users/${user.id}/password`, { data: { password: newPassword() } })).status()).toBe(204);
  await expectDead(captured, "after an admin reset");
  for (const { token } of made) expect((await anon.get("/api/me", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
  const listed = (await (await adminCtx.get("/api/tokens")).json()).tokens as { id: number; revokedAt: string | null }[];
  for (const { record } of made) expect(listed.find((t) => t.id === record.id)?.revokedAt).not.toBeNull();
  const audit = await adminCtx.get(`/api/audit?action=user.reset_password&target=${encodeURIComponent(user.email)}`);
  const [event] = (await audit.json()).events as { summary: string }[];
  expect(JSON.parse(event.summary)).toEqual({ signedOutEverywhere: true, revokedCount: 2 });
});

test("sign-out kills the replayed cookie, and the user's other device stays signed in", async () => {
  const { adminCtx, user, ctx, captured } = await userWithCapturedCookie();
  const otherDevice = await signedIn(user.email, user.password);
  await signOut(ctx);
  await expectDead(captured, "after sign-out");
  expect((await otherDevice.get("/api/me")).status()).toBe(200);
  expect(await auditActions(adminCtx, user.email)).toContain("auth.sign_out");
});

test("disabling then enabling a user ends their old sessions", async () => {
  const { adminCtx, user, captured } = await userWithCapturedCookie();
  expect((await adminCtx.patch(`/api/users/${user.id}`, { data: { disabled: true } })).status()).toBe(200);
  expect((await adminCtx.patch(`/api/users/${user.id}`, { data: { disabled: false } })).status()).toBe(200);
  await expectDead(captured, "after disable and enable");
  await signedIn(user.email, user.password);
});

test("a role change ends the user's sessions; a rename does not", async () => {
  const { adminCtx, user, captured } = await userWithCapturedCookie();
  expect((await adminCtx.patch(`/api/users/${user.id}`, { data: { name: "Renamed" } })).status()).toBe(200);
  expect((await (await replay(captured)).get("/api/me")).status()).toBe(200);
  expect((await adminCtx.patch(`/api/users/${user.id}`, { data: { role: "viewer" } })).status()).toBe(200);
  await expectDead(captured, "after a role change");
  const again = await signedIn(user.email, user.password);
  expect((await (await again.get("/api/me")).json()).role).toBe("viewer");
});

test("sign out everywhere ends every session of your own, this one included, and leaves tokens alone", async () => {
  const { adminCtx, user, ctx, captured } = await userWithCapturedCookie();
  const otherDevice = await signedIn(user.email, user.password);
  const otherState = await otherDevice.storageState();
  const created = await ctx.post("/api/tokens", { data: { name: "kept" } });
  const { token } = (await created.json()) as { token: string };

  // A token cannot do it: a leaked token would otherwise sign its owner out over and over.
  const byToken = await (await bare()).post("/api/me/sign-out-everywhere", { headers: { authorization: `Bearer ${token}` }, data: {} });
  expect(byToken.status()).toBe(403);
  expect((await otherDevice.get("/api/me")).status()).toBe(200);

  expect((await ctx.post("/api/me/sign-out-everywhere", { data: {} })).status()).toBe(204);
  await expectDead(captured, "this browser, after sign out everywhere");
  await expectDead(otherState, "the other device, after sign out everywhere");
  expect((await (await bare()).get("/api/me", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);
  expect(await auditActions(adminCtx, user.email)).toContain("user.sign_out_everywhere");
});

test("an admin signs a user out everywhere; others may not", async () => {
  const { adminCtx, user, captured } = await userWithCapturedCookie();
  const bystander = await createUser(adminCtx, "editor");
  const bystanderCtx = await signedIn(bystander.email, bystander.password);
  expect((await bystanderCtx.post(`/api/users/${user.id}/sign-out-everywhere`, { data: {} })).status()).toBe(403);
  expect((await (await bare()).post(`/api/users/${user.id}/sign-out-everywhere`, { data: {} })).status()).toBe(401);
  expect((await (await replay(captured)).get("/api/me")).status()).toBe(200);

  expect((await adminCtx.post(`/api/users/${user.id}/sign-out-everywhere`, { data: {} })).status()).toBe(204);
  await expectDead(captured, "after the admin's sign out everywhere");
  expect((await bystanderCtx.get("/api/me")).status()).toBe(200);
  expect((await adminCtx.get("/api/me")).status()).toBe(200);
  expect((await adminCtx.post("/api/users/999999/sign-out-everywhere", { data: {} })).status()).toBe(404);
  expect((await adminCtx.post("/api/users/abc/sign-out-everywhere", { data: {} })).status()).toBe(404);
  expect(await auditActions(adminCtx, user.email)).toContain("user.sign_out_everywhere");
});
