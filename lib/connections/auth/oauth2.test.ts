import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { forgetToken, marginMs, oauth2Auth, tokenSettingsHash } from "./oauth2";
import type { AuthConfig, FieldSecrets, UseContext } from "./types";

// The OAuth 2.0 token cache against a real token server on loopback (the server context may reach
// private addresses here): one token request serves uses within its lifetime, a token within
// marginMs of its expiry is fetched again, other token settings never get another settings' token,
// and the request carries grant, client and scope.

vi.mock("@/lib/settings/service", () => ({ getSetting: () => ({ allow: [], deny: [], scriptsMayReachPrivate: false, serverMayReachPrivate: true }) }));

type Seen = { headers: http.IncomingHttpHeaders; form: URLSearchParams };
let seen: Seen[] = [];
let expiresIn = 3600;
let rotate = false;
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      seen.push({ headers: req.headers, form });
      const n = seen.length;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ access_token: `access-${n}-${form.get("client_id") ?? "basic"}`, token_type: "Bearer", expires_in: expiresIn, ...(rotate ? { refresh_token: `refresh-${n}` } : {}) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let id = 0;
let connectionId = "";
beforeEach(() => {
  seen = [];
  expiresIn = 3600;
  rotate = false;
  connectionId = `conn_oauth_${++id}`;
});
afterEach(() => {
  forgetToken(connectionId);
  vi.useRealTimers();
});

const configOf = (over: Record<string, unknown> = {}): AuthConfig => ({
  authType: "oauth2",
  grantType: "client_credentials",
  tokenUrl: `${base}/token`,
  clientId: "client-a",
  scopes: "read:orders write:orders",
  clientAuth: "body",
  extraBody: [],
  testUrl: "",
  hasClientSecret: true,
  ...over,
});
const secretsOf = (over: FieldSecrets = {}): FieldSecrets => ({ clientSecret: "secret-a", ...over });
const ctxOf = (over: Partial<UseContext> = {}): UseContext => ({ connectionId, version: "1", refKeys: new Set(), ...over });
const bearer = async (config: AuthConfig, secrets: FieldSecrets, ctx: UseContext) => (await oauth2Auth.resolve(config, secrets, ctx)).headers.Authorization;

describe("OAuth 2.0 access tokens", () => {
  it("sends grant, client, secret and scope, and reuses the token within its lifetime: one request for two uses", async () => {
    const config = configOf();
    const tested = await oauth2Auth.test(config, secretsOf(), ctxOf());
    expect(tested).toMatchObject({ ok: true });
    expect(tested.message).toMatch(/^Access token received/);
    const first = await bearer(config, secretsOf(), ctxOf());
    expect(first).toBe("Bearer access-1-client-a");
    expect(seen).toHaveLength(1);
    expect(Object.fromEntries(seen[0].form)).toEqual({ grant_type: "client_credentials", client_id: "client-a", client_secret: "secret-a", scope: "read:orders write:orders" });
  });

  it("sends the client in a Basic header with clientAuth basic, and the scope still in the body", async () => {
    await bearer(configOf({ clientAuth: "basic" }), secretsOf(), ctxOf());
    expect(seen).toHaveLength(1);
    expect(seen[0].headers.authorization).toBe(`Basic ${Buffer.from("client-a:secret-a").toString("base64")}`);
    expect(seen[0].form.get("client_id")).toBeNull();
    expect(seen[0].form.get("scope")).toBe("read:orders write:orders");
  });

  it("fetches a new token once the old one is within marginMs of its expiry, not before", async () => {
    expiresIn = 120;
    const lifetime = 120_000;
    expect(marginMs(lifetime)).toBe(30_000);
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    const config = configOf();
    expect(await bearer(config, secretsOf(), ctxOf())).toBe("Bearer access-1-client-a");
    // Just before the margin: still the cached token.
    vi.setSystemTime(start + lifetime - marginMs(lifetime) - 1_000);
    expect(await bearer(config, secretsOf(), ctxOf())).toBe("Bearer access-1-client-a");
    expect(seen).toHaveLength(1);
    // Within the margin (the server would still accept it for 30 s): a new one.
    vi.setSystemTime(start + lifetime - marginMs(lifetime) + 1_000);
    expect(await bearer(config, secretsOf(), ctxOf())).toBe("Bearer access-2-client-a");
    expect(seen).toHaveLength(2);
    // A short lifetime counts a quarter of it as the margin.
    expect(marginMs(8_000)).toBe(2_000);
  });

  it("gives changed token settings their own token, and never serves one settings' token to others", async () => {
    const saved = configOf();
    expect(await bearer(saved, secretsOf(), ctxOf())).toBe("Bearer access-1-client-a");
    // The same connection and version with another client, scope, token URL, secret or extra body: a token of its own.
    expect(await bearer(configOf({ clientId: "client-b" }), secretsOf(), ctxOf())).toBe("Bearer access-2-client-b");
    expect(await bearer(configOf({ scopes: "admin" }), secretsOf(), ctxOf())).toBe("Bearer access-3-client-a");
    expect(seen[2].form.get("scope")).toBe("admin");
    expect(await bearer(configOf({ tokenUrl: `${base}/other-token` }), secretsOf(), ctxOf())).toBe("Bearer access-4-client-a");
    expect(await bearer(saved, secretsOf({ clientSecret: "secret-b" }), ctxOf())).toBe("Bearer access-5-client-a");
    expect(seen[4].form.get("client_secret")).toBe("secret-b");
    const extra = configOf({ extraBody: [{ key: "audience", value: "", secret: true }] });
    expect(await bearer(extra, secretsOf({ "extra.audience": "aud-1" }), ctxOf())).toBe("Bearer access-6-client-a");
    expect(await bearer(extra, secretsOf({ "extra.audience": "aud-2" }), ctxOf())).toBe("Bearer access-7-client-a");
    expect(seen[6].form.get("audience")).toBe("aud-2");
    // A new version (the connection was edited): a new token too.
    expect(await bearer(saved, secretsOf(), ctxOf({ version: "2" }))).toBe("Bearer access-8-client-a");
    // Then the same settings twice: the second use is served from the cache.
    expect(await bearer(saved, secretsOf(), ctxOf({ version: "2" }))).toBe("Bearer access-8-client-a");
    expect(seen).toHaveLength(8);
  });

  it("the settings hash covers what the token depends on and holds no secret", () => {
    const h = tokenSettingsHash(configOf(), secretsOf());
    expect(h).not.toContain("secret-a");
    expect(tokenSettingsHash(configOf({ testUrl: `${base}/me` }), secretsOf())).toBe(h);
    expect(tokenSettingsHash(configOf(), secretsOf({ refreshToken: "r2" }))).toBe(h);
    for (const changed of [{ clientId: "x" }, { scopes: "x" }, { tokenUrl: `${base}/x` }, { clientAuth: "basic" }, { grantType: "refresh_token" }, { extraBody: [{ key: "a", value: "b", secret: false }] }]) {
      expect(tokenSettingsHash(configOf(changed), secretsOf())).not.toBe(h);
    }
    expect(tokenSettingsHash(configOf(), secretsOf({ clientSecret: "other" }))).not.toBe(h);
  });

  it("without a connection (unsaved settings) caches nothing and stores no rotated refresh token", async () => {
    rotate = true;
    const storeSecret = vi.fn();
    const config = configOf({ grantType: "refresh_token" });
    const ctx = ctxOf({ connectionId: null, storeSecret });
    expect(await bearer(config, secretsOf({ refreshToken: "refresh-0" }), ctx)).toBe("Bearer access-1-client-a");
    expect(await bearer(config, secretsOf({ refreshToken: "refresh-0" }), ctx)).toBe("Bearer access-2-client-a");
    expect(seen.map((s) => s.form.get("refresh_token"))).toEqual(["refresh-0", "refresh-0"]);
    expect(storeSecret).not.toHaveBeenCalled();
  });

  it("stores a rotated refresh token of the saved connection back at once, and uses the cache until expiry", async () => {
    rotate = true;
    const storeSecret = vi.fn();
    const config = configOf({ grantType: "refresh_token" });
    const ctx = ctxOf({ storeSecret });
    expect(await bearer(config, secretsOf({ refreshToken: "refresh-0" }), ctx)).toBe("Bearer access-1-client-a");
    expect(storeSecret).toHaveBeenCalledWith("refreshToken", "refresh-1");
    expect(seen[0].form.get("grant_type")).toBe("refresh_token");
    // The stored secret is the rotated one now: the cache still serves the token (the refresh token is not part of the key).
    expect(await bearer(config, secretsOf({ refreshToken: "refresh-1" }), ctx)).toBe("Bearer access-1-client-a");
    expect(seen).toHaveLength(1);
    expect(storeSecret).toHaveBeenCalledTimes(1);
  });
});
