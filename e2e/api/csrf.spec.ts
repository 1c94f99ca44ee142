import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { admin, asAdmin, baseURL, createToken, postSignIn } from "../support/api";
import { feedName } from "../support/feeds";

// CSRF (issue 9 item 1): a page on another port of this host is the same *site*, so the browser sends
// the session cookie with a form it auto-submits. Cookie-authenticated unsafe calls must be JSON from
// our own origin; token calls are not sent by browsers on their own and are unaffected.

/** A real session cookie, without the Origin header the shared contexts send. */
async function cookieOnly(): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: baseURL() });
  expect(await postSignIn(ctx, admin().email, admin().password)).toBe(200);
  expect((await ctx.get("/api/me")).status()).toBe(200);
  return ctx;
}

async function connectionExists(name: string): Promise<boolean> {
  const list = await (await asAdmin()).get(`/api/connections?q=${encodeURIComponent(name)}`);
  expect(list.status()).toBe(200);
  return JSON.stringify(await list.json()).includes(name);
}

const ownOrigin = () => new URL(baseURL()).origin;
const otherOrigin = () => {
  const u = new URL(baseURL());
  return `${u.protocol}//${u.hostname}:${Number(u.port) === 1 ? 2 : Number(u.port) - 1}`;
};

test("a text/plain form POST with the session cookie is refused and creates nothing", async () => {
  const ctx = await cookieOnly();
  const name = feedName("csrf_form");
  // What <form enctype="text/plain"> sends: name=value where the attacker packs JSON into the pair.
  const res = await ctx.post("/api/connections", {
    headers: { "content-type": "text/plain", origin: otherOrigin(), "sec-fetch-site": "same-site" },
    data: `{"name":"${name}","authType":"none","x":"=1"}`,
  });
  expect(res.status()).toBe(415);
  expect((await res.json()).error).toMatchObject({ code: "unsupported_media_type", message: expect.stringMatching(/application\/json/) });
  // Even from our own origin a form body is not JSON to us.
  const same = await ctx.post("/api/connections", { headers: { "content-type": "text/plain", origin: ownOrigin() }, data: `{"name":"${name}","authType":"none"}` });
  expect(same.status()).toBe(415);
  const urlencoded = await ctx.post("/api/connections", { headers: { origin: ownOrigin() }, form: { name, authType: "none" } });
  expect(urlencoded.status()).toBe(415);
  expect(await connectionExists(name)).toBe(false);
});

test("a JSON request with the session cookie from another origin, or without Origin and cross-site, is 403", async () => {
  const ctx = await cookieOnly();
  const name = feedName("csrf_origin");
  const data = { name, authType: "none" };
  const cross = await ctx.post("/api/connections", { headers: { origin: otherOrigin() }, data });
  expect(cross.status()).toBe(403);
  expect((await cross.json()).error).toMatchObject({ code: "forbidden", message: expect.stringMatching(/origin/i) });
  expect((await ctx.post("/api/connections", { headers: { origin: "null" }, data })).status()).toBe(403);
  expect((await ctx.post("/api/connections", { headers: { "sec-fetch-site": "cross-site" }, data })).status()).toBe(403);
  expect((await ctx.post("/api/connections", { headers: { "sec-fetch-site": "same-site" }, data })).status()).toBe(403);
  // Neither header: a cookie call must say where it comes from.
  expect((await ctx.post("/api/connections", { data })).status()).toBe(403);
  // DELETE and PUT are checked too, not only POST.
  expect((await ctx.delete("/api/tokens/999999", { headers: { origin: otherOrigin() }, data: {} })).status()).toBe(403);
  expect(await connectionExists(name)).toBe(false);
  // Reading is not affected.
  expect((await ctx.get("/api/connections", { headers: { origin: otherOrigin() } })).status()).toBe(200);
});

test("same-origin JSON with the session cookie works (Origin, or Sec-Fetch-Site: same-origin without it)", async () => {
  const ctx = await cookieOnly();
  const a = feedName("csrf_ok");
  const viaOrigin = await ctx.post("/api/connections", { headers: { origin: ownOrigin() }, data: { name: a, authType: "none" } });
  expect(viaOrigin.status(), await viaOrigin.text()).toBe(201);
  const b = feedName("csrf_ok");
  const viaFetchSite = await ctx.post("/api/connections", { headers: { "sec-fetch-site": "same-origin", "content-type": "application/json; charset=utf-8" }, data: { name: b, authType: "none" } });
  expect(viaFetchSite.status(), await viaFetchSite.text()).toBe(201);
  expect(await connectionExists(a)).toBe(true);
  expect(await connectionExists(b)).toBe(true);
});

test("token calls are unaffected: text/plain JSON bodies and no Origin still work", async () => {
  const { token } = await createToken(await asAdmin(), { role: "editor" });
  const anon = await playwrightRequest.newContext({ baseURL: baseURL() });
  const name = feedName("csrf_token");
  const res = await anon.post("/api/connections", {
    headers: { authorization: `Bearer ${token}`, "content-type": "text/plain", origin: otherOrigin() },
    data: JSON.stringify({ name, authType: "none" }),
  });
  expect(res.status(), await res.text()).toBe(201);
  const noOrigin = await anon.post("/api/connections", { headers: { "x-api-key": token }, data: { name: feedName("csrf_token"), authType: "none" } });
  expect(noOrigin.status(), await noOrigin.text()).toBe(201);
  expect(await connectionExists(name)).toBe(true);
});
