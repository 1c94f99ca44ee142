import http from "node:http";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { admin, asAdmin, bare, baseURL, createUser, signedIn } from "../support/api";
import { switchyard } from "../support/cli";
import { attempt, randomEmail, v4, v6 } from "../support/sign-in";

async function lockOut(email: string, ip: string) {
  for (let i = 0; i < 5; i++) expect((await attempt(email, `wrong-${i}-password`, ip)).status).toBe(401);
  const locked = await attempt(email, "wrong-again-password", ip);
  expect(locked.status).toBe(429);
  return locked;
}

test("a stranger's failures from another address do not lock the owner out", async () => {
  const user = await createUser(await asAdmin(), "viewer");
  const stranger = v4();
  const locked = await lockOut(user.email, stranger);
  expect(locked.retryAfter).toBeGreaterThan(0);
  expect(locked.retryAfter).toBeLessThanOrEqual(60);
  expect(locked.body.error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/Try again in \d+ seconds/) });
  expect(locked.body.url).toContain("error=RateLimited");
  // Even the right password is refused from the stranger's address while locked...
  expect((await attempt(user.email, user.password, stranger)).status).toBe(429);
  // ...but the owner, elsewhere, signs in.
  const owner = await attempt(user.email, user.password, v6());
  expect(owner.status).toBe(200);
  expect((await owner.ctx.get("/api/me")).status()).toBe(200);
  // And a plain sign-in (loopback, as every other spec signs in) is not affected either.
  await signedIn(user.email, user.password);
});

test("one address spraying a password over many emails gets 429 with Retry-After", async () => {
  const sprayer = v6();
  for (let i = 0; i < 20; i++) expect((await attempt(randomEmail(), "Spring2024!", sprayer)).status).toBe(401);
  const res = await attempt(randomEmail(), "Spring2024!", sprayer);
  expect(res.status).toBe(429);
  expect(res.retryAfter).toBeGreaterThan(0);
  expect(res.body.error.message).toMatch(/from this address\. Try again in/);
  // Another address is not limited, and neither are the suite's own loopback sign-ins.
  expect((await attempt(randomEmail(), "Spring2024!", v6())).status).toBe(401);
  await asAdmin();
});

test("HTTP Basic (Zoomdata) counts against the same limit", async () => {
  const user = await createUser(await asAdmin(), "admin");
  const ip = v4();
  const zd = await bare();
  const basic = (password: string) =>
    zd.get("/zoomdata/service/connections", {
      headers: { "x-forwarded-for": ip, authorization: `Basic ${Buffer.from(`${user.email}:${password}`).toString("base64")}` },
    });
  for (let i = 0; i < 3; i++) expect((await basic(`wrong-${i}-password`)).status()).toBe(401);
  for (let i = 0; i < 2; i++) expect((await attempt(user.email, `wrong-${i}-password`, ip)).status).toBe(401);
  const res = await basic(user.password);
  expect(res.status()).toBe(429);
  expect(JSON.stringify(await res.json())).toMatch(/Try again in/);
  expect((await attempt(user.email, user.password, ip)).status).toBe(429);
});

test("an admin unlocks an account through the API (audited) and the CLI", async () => {
  const adminCtx = await asAdmin();
  const user = await createUser(adminCtx, "editor");
  const ip = v4();
  await lockOut(user.email, ip);
  const viewer = await createUser(adminCtx, "viewer");
  const viewerCtx = await signedIn(viewer.email, viewer.password);
  expect((await viewerCtx.post(`/api/users/${user.id}/unlock`, { data: {} })).status()).toBe(403);
  expect((await adminCtx.post(`/api/users/999999/unlock`, { data: {} })).status()).toBe(404);
  expect((await adminCtx.post(`/api/users/${user.id}/unlock`, { data: {} })).status()).toBe(204);
  expect((await attempt(user.email, user.password, ip)).status).toBe(200);
  const audit = await (await adminCtx.get(`/api/audit?action=user.sign_in_unlocked&target=${encodeURIComponent(user.email)}`)).json();
  expect(JSON.stringify(audit)).toContain(admin().email);

  await lockOut(user.email, ip);
  const r = switchyard(["users", "unlock", "--email", user.email], process.env.E2E_DATA_DIR!);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain(`sign-in unlocked for ${user.email}`);
  expect((await attempt(user.email, user.password, ip)).status).toBe(200);
  expect(switchyard(["users", "unlock", "--email", randomEmail()], process.env.E2E_DATA_DIR!).status).not.toBe(0);
});

/** Sends a body of `size` bytes in 64 kB chunks (chunked, or with the given Content-Length); resolves with the status. */
function sendBig(size: number, contentLength?: string): Promise<{ status: number; ms: number; sent: number }> {
  const url = new URL("/api/auth/callback/credentials", baseURL());
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (contentLength) headers["content-length"] = contentLength;
    const req = http.request(url, { method: "POST", headers });
    let sent = 0;
    let done = false;
    req.on("response", (res) => {
      done = true;
      res.resume();
      resolve({ status: res.statusCode!, ms: Date.now() - started, sent });
      req.destroy();
    });
    req.on("error", (e) => (done ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!done && sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

test("an oversized body to the auth routes is refused with 413 before it is read, and health stays responsive", async () => {
  const health = await bare();
  const [chunked, declared] = await Promise.all([sendBig(20_000_000), sendBig(20_000_000, "300000000")]);
  const t = Date.now();
  expect((await health.get("/api/health")).status()).toBe(200);
  expect(Date.now() - t).toBeLessThan(2000);
  for (const r of [chunked, declared]) {
    expect(r.status).toBe(413);
    expect(r.ms).toBeLessThan(5000);
    // Refused early: far from the whole body had to be sent.
    expect(r.sent).toBeLessThan(20_000_000);
  }
  const ctx = await bare();
  const res = await ctx.post("/api/auth/callback/credentials", { form: { email: "a@b.io", password: "x".repeat(20_000) } });
  expect(res.status()).toBe(413);
  expect((await res.json()).error.code).toBe("payload_too_large");
});

test("callbackUrl never leads off this origin", async () => {
  const user = await createUser(await asAdmin(), "viewer");
  for (const callbackUrl of ["/\t/evil.example/phish", "//evil.example", "\\\\evil.example", "https://evil.example/", "/\\evil.example"]) {
    const res = await attempt(user.email, user.password, v6(), { callbackUrl });
    expect(res.status).toBe(200);
    expect(new URL(res.body.url).origin, callbackUrl).toBe(new URL(baseURL()).origin);
  }
  const ok = await attempt(user.email, user.password, v6(), { callbackUrl: "/feeds?x=1" });
  expect(ok.body.url).toBe(new URL("/feeds?x=1", baseURL()).href);
});

test("next-auth routes answer malformed requests with a 4xx in JSON, never a 500", async () => {
  const ctx: APIRequestContext = await bare();
  const cases = [
    ctx.get("/api/auth/error?error=%00"),
    ctx.get("/api/auth/error?error=%0d%0aSet-Cookie:x=1"),
    ctx.get("/api/auth/signin?callbackUrl=%00"),
    ctx.post("/api/auth/callback/credentials", { headers: { "content-type": "application/json" }, data: "email=a&password=b" }),
    ctx.post("/api/auth/callback/credentials", { headers: { "content-type": "application/json" }, data: "[1,2]" }),
    ctx.post("/api/auth/callback/credentials", { headers: { "content-type": "application/json" }, data: "null" }),
    ctx.post("/api/auth/callback/credentials", { headers: { "content-type": "text/plain" }, data: "email=a" }),
    ctx.post("/api/auth/callback/credentials", { data: { email: { $gt: "" }, password: ["a"], csrfToken: 1, callbackUrl: { href: "//evil" } } }),
    ctx.post("/api/auth/callback/credentials", { multipart: { email: "a", password: "b" } }),
    ctx.post("/api/auth/signout", { headers: { "content-type": "application/json" }, data: "{" }),
    ctx.post("/api/auth/session", { headers: { "content-type": "application/json" }, data: "{\"a\":" }),
  ];
  for (const res of await Promise.all(cases)) {
    expect(res.status(), `${res.url()} ${await res.text()}`).toBeGreaterThanOrEqual(400);
    expect(res.status(), res.url()).toBeLessThan(500);
    expect(res.headers()["content-type"], res.url()).toContain("application/json");
  }
});

test("the audited address is the rightmost forwarded one that is not a trusted proxy; a spoofed peer header is overwritten", async () => {
  const adminCtx = await asAdmin();
  const email = randomEmail();
  const client = v4();
  const ctx = await bare();
  const headers = { "x-forwarded-for": `198.51.100.1, ${client}`, "x-switchyard-peer": "192.0.2.66" };
  const { csrfToken } = await (await ctx.get("/api/auth/csrf", { headers })).json();
  const res = await ctx.post("/api/auth/callback/credentials", { headers, form: { email, password: "wrong-password-x", csrfToken, json: "true" } });
  expect(res.status()).toBe(401);
  const page = await (await adminCtx.get(`/api/audit?action=auth.sign_in_failed&target=${encodeURIComponent(email)}`)).json();
  expect(JSON.stringify(page)).toContain(`"ip":"${client}"`);
});
