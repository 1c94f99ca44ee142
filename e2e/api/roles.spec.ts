import { expect, test } from "@playwright/test";
import { asAdmin, bare, createToken, createUser, signedIn } from "../support/api";

test("a viewer cannot call admin APIs (403) but can read", async () => {
  const adminCtx = await asAdmin();
  const viewer = await createUser(adminCtx, "viewer");
  const viewerCtx = await signedIn(viewer.email, viewer.password);
  expect((await viewerCtx.get("/api/users")).status()).toBe(403);
  expect((await viewerCtx.post("/api/users", { data: { email: "x@e2e.test", password: "long-enough-pw", role: "admin" } })).status()).toBe(403);
  expect((await viewerCtx.patch(`/api/users/${viewer.id}`, { data: { role: "admin" } })).status()).toBe(403);
  expect((await viewerCtx.get("/api/audit")).status()).toBe(403);
  expect((await viewerCtx.put("/api/settings/general", { data: { workspaceName: "Mine now" } })).status()).toBe(403);
  expect((await viewerCtx.get("/api/settings/general")).status()).toBe(200);
  const body = await (await viewerCtx.get("/api/users")).json();
  expect(body.error.code).toBe("forbidden");
});

test("an editor token cannot manage users; an admin token can", async () => {
  const adminCtx = await asAdmin();
  const editor = await createUser(adminCtx, "editor");
  const editorToken = (await createToken(await signedIn(editor.email, editor.password))).token;
  const anon = await bare();
  expect((await anon.get("/api/users", { headers: { "x-api-key": editorToken } })).status()).toBe(403);
  const adminToken = (await createToken(adminCtx, { role: "admin" })).token;
  expect((await anon.get("/api/users", { headers: { "x-api-key": adminToken } })).status()).toBe(200);
});

test("admins manage users: validation, duplicates, roles, password reset", async () => {
  const adminCtx = await asAdmin();
  const bad = await adminCtx.post("/api/users", { data: { email: "not-an-email", password: "short", role: "root" } });
  expect(bad.status()).toBe(422);
  expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["email", "password", "role"]);
  const user = await createUser(adminCtx, "viewer");
  const dup = await adminCtx.post("/api/users", { data: { email: user.email.toUpperCase(), password: "long-enough-pw", role: "viewer" } });
  expect(dup.status()).toBe(409);
  expect((await dup.json()).error.fields.email).toBeTruthy();
  const promoted = await adminCtx.patch(`/api/users/${user.id}`, { data: { role: "editor" } });
  expect((await promoted.json()).role).toBe("editor");
  expect((await adminCtx.post(`/api/users/${user.id}/password`, { data: { password: "brand-new-password" } })).status()).toBe(204);
  await signedIn(user.email, "brand-new-password");
  expect((await adminCtx.patch(`/api/users/999999`, { data: { role: "editor" } })).status()).toBe(404);
  expect((await adminCtx.patch(`/api/users/abc`, { data: { role: "editor" } })).status()).toBe(404);
});

test("everyone changes their own password, and needs the current one", async () => {
  const adminCtx = await asAdmin();
  const user = await createUser(adminCtx, "viewer");
  const ctx = await signedIn(user.email, user.password);
  const wrong = await ctx.post("/api/me/password", { data: { currentPassword: "nope-nope-nope", newPassword: "another-long-password" } });
  expect(wrong.status()).toBe(422);
  expect((await wrong.json()).error.fields.currentPassword).toBeTruthy();
  expect((await ctx.post("/api/me/password", { data: { currentPassword: user.password, newPassword: "another-long-password" } })).status()).toBe(204);
  await signedIn(user.email, "another-long-password");
});
