import { expect, test } from "@playwright/test";
import { asAdmin, bare, createUser, postSignIn } from "../support/api";

test("right password signs in; wrong password and unknown email get the same 401", async () => {
  const adminCtx = await asAdmin();
  const user = await createUser(adminCtx, "viewer");
  const anon = await bare();
  expect(await postSignIn(anon, user.email, "wrong-password-123")).toBe(401);
  expect(await postSignIn(anon, "nobody@e2e.test", "wrong-password-123")).toBe(401);
  expect(await postSignIn(anon, user.email.toUpperCase(), user.password)).toBe(200);
  expect((await anon.get("/api/me")).status()).toBe(200);
});

test("five failures for one email from one address answer 429 there, even with the right password", async () => {
  const adminCtx = await asAdmin();
  const user = await createUser(adminCtx, "editor");
  const anon = await bare();
  for (let i = 0; i < 5; i++) expect(await postSignIn(anon, user.email, `wrong-${i}-password`)).toBe(401);
  const { csrfToken } = await (await anon.get("/api/auth/csrf")).json();
  const res = await anon.post("/api/auth/callback/credentials", {
    form: { email: user.email, password: user.password, csrfToken, json: "true" },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(429);
  // Backoff starts at a minute and doubles with each further failure (lib/auth/sign-in-backoff.ts).
  expect(Number(res.headers()["retry-after"])).toBeGreaterThan(30);
  expect(Number(res.headers()["retry-after"])).toBeLessThanOrEqual(60);
  const body = await res.json();
  expect(body.error.code).toBe("rate_limited");
  expect(body.url).toContain("error=RateLimited");
  // Another email is not affected.
  const other = await createUser(adminCtx, "viewer");
  expect(await postSignIn(anon, other.email, other.password)).toBe(200);
});

test("a disabled user cannot sign in and loses an existing session", async () => {
  const adminCtx = await asAdmin();
  const user = await createUser(adminCtx, "viewer");
  const session = await bare();
  expect(await postSignIn(session, user.email, user.password)).toBe(200);
  expect((await adminCtx.patch(`/api/users/${user.id}`, { data: { disabled: true } })).status()).toBe(200);
  expect((await session.get("/api/me")).status()).toBe(401);
  expect(await postSignIn(await bare(), user.email, user.password)).toBe(401);
});
