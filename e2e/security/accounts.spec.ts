import { expect, test } from "@playwright/test";
import { cookieContext, principal, adminContext, strongPassword } from "../support/security-world";

// Moved from e2e/api/roles.spec.ts (its role checks are in authorization-matrix.spec.ts): user
// management by admins, and changing one's own password. Passwords are random and strong, so an
// offline strength check never refuses them.

test("admins manage users: validation, duplicates, roles, password reset", async () => {
  const { ctx: adminCtx } = await adminContext();
  const bad = await adminCtx.post("/api/users", { data: { email: "not-an-email", password: "short", role: "root" } });
  expect(bad.status()).toBe(422);
  expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["email", "password", "role"]);
  const user = await principal(adminCtx, "viewer", "acct");
  const dup = await adminCtx.post("/api/users", { data: { email: user.email.toUpperCase(), password: strongPassword(), role: "viewer" } });
  expect(dup.status()).toBe(409);
  expect((await dup.json()).error.fields.email).toBeTruthy();
  const promoted = await adminCtx.patch(`/api/users/${user.id}`, { data: { role: "editor" } });
  expect((await promoted.json()).role).toBe("editor");
  const reset = strongPassword();
  expect((await adminCtx.post(`/api/users/${user.id}/password`, { data: { password: reset } })).status()).toBe(204);
  await cookieContext(user.email, reset);
  expect((await adminCtx.patch(`/api/users/999999`, { data: { role: "editor" } })).status()).toBe(404);
  expect((await adminCtx.patch(`/api/users/abc`, { data: { role: "editor" } })).status()).toBe(404);
});

test("everyone changes their own password, and needs the current one", async () => {
  const { ctx: adminCtx } = await adminContext();
  const user = await principal(adminCtx, "viewer", "acct-own");
  const next = strongPassword();
  const wrong = await user.ctx.post("/api/me/password", { data: { currentPassword: strongPassword(), newPassword: next } });
  expect(wrong.status()).toBe(422);
  expect((await wrong.json()).error.fields.currentPassword).toBeTruthy();
  expect((await user.ctx.post("/api/me/password", { data: { currentPassword: user.password, newPassword: next } })).status()).toBe(204);
  await cookieContext(user.email, next);
});
