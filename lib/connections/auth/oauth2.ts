import "server-only";
import crypto from "node:crypto";
import type { z } from "zod";
import { performAuthRequest, performCheckRequest } from "../auth-request";
import type { ConnectionTestResult, oauth2AuthSchema } from "../rest-schemas";
import { failed, hostOf, plainRows, type AuthConfig, type AuthModule, type FieldSecrets, type RunAuth, type UseContext } from "./types";
import { inTransactionNow } from "@/lib/db/tx";

// OAuth 2.0, client credentials or refresh-token grant. The server fetches the access token, keeps
// it in memory (per connection, edit and token settings) until shortly before it expires, and
// stores a rotated refresh token back at once, encrypted, so the next fetch uses it. Without a
// connection (settings not saved: a test before save, a dry run) it caches and stores nothing.
type Input = z.infer<typeof oauth2AuthSchema>;

type Token = { accessToken: string; expiresAt: number | null; refreshToken: string | null };
const CACHE_KEY = Symbol.for("switchyard.oauth-token-cache");
const store = globalThis as Record<symbol, Map<string, Token | Promise<Token>> | undefined>;
const cache = (store[CACHE_KEY] ??= new Map());

/** A token counts as expired this long before expires_in says: a minute, or a quarter of a short lifetime. */
export const marginMs = (lifetimeMs: number) => Math.min(60_000, lifetimeMs / 4);

const usable = (t: Token, now = Date.now()) => t.expiresAt === null || t.expiresAt > now;

class TokenError extends Error {
  constructor(readonly result: ConnectionTestResult) {
    super(result.message);
  }
}

async function fetchToken(config: AuthConfig, secrets: FieldSecrets, refreshToken: string | null, ctx: UseContext): Promise<Token> {
  const form = new URLSearchParams();
  form.set("grant_type", config.grantType as string);
  const clientId = config.clientId as string;
  const clientSecret = secrets.clientSecret ?? "";
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (config.clientAuth === "basic") headers.Authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;
  else {
    form.set("client_id", clientId);
    if (clientSecret) form.set("client_secret", clientSecret);
  }
  if (config.grantType === "refresh_token") form.set("refresh_token", refreshToken ?? "");
  if (config.scopes) form.set("scope", config.scopes as string);
  const secretValues = [clientSecret, refreshToken ?? ""];
  for (const row of (config.extraBody as Input["extraBody"]) ?? []) {
    const value = row.secret ? (secrets[`extra.${row.key}`] ?? "") : row.value;
    if (row.secret) secretValues.push(value);
    form.set(row.key, value);
  }
  const { result, response } = await performAuthRequest({ url: config.tokenUrl as string, method: "POST", headers, body: form.toString(), secrets: secretValues.filter(Boolean) });
  if (!response) throw new TokenError({ ...result, message: `The token request to ${hostOf(config.tokenUrl)} failed: ${result.message}` });
  const json = response.json as Record<string, unknown>;
  if (typeof json?.access_token !== "string" || !json.access_token) throw new TokenError({ ...result, ok: false, message: "The token answer has no access_token" });
  const expiresIn = Number(json.expires_in);
  const lifetime = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : null;
  const rotated = typeof json.refresh_token === "string" && json.refresh_token && json.refresh_token !== refreshToken ? json.refresh_token : null;
  if (rotated && config.grantType === "refresh_token" && !ctx.refKeys.has("refreshToken")) await ctx.storeSecret?.("refreshToken", rotated);
  return { accessToken: json.access_token, expiresAt: lifetime ? Date.now() + lifetime - marginMs(lifetime) : null, refreshToken: rotated ?? refreshToken };
}

/**
 * What a token depends on: the grant, the token URL, the client, the scopes, the client
 * authentication, the extra body rows and the secrets sent with them (hashed: a key holds no
 * secret). The refresh token is left out: the server rotates it, and the token it yields belongs
 * to the same settings.
 */
export function tokenSettingsHash(config: AuthConfig, secrets: FieldSecrets): string {
  const extra = ((config.extraBody as Input["extraBody"]) ?? []).map((row) => [row.key, row.secret ? null : row.value, row.secret ? (secrets[`extra.${row.key}`] ?? "") : null]);
  const parts = [config.grantType, config.tokenUrl, config.clientId, config.scopes ?? "", config.clientAuth ?? "body", extra, secrets.clientSecret ?? ""];
  return crypto.createHash("sha256").update(JSON.stringify(parts)).digest("base64url");
}

/** The cached access token, or a new one (one fetch at a time per connection and settings). */
async function accessToken(config: AuthConfig, secrets: FieldSecrets, ctx: UseContext): Promise<Token> {
  // A token fetch is a network call, and one that rotates a refresh token stores it in a transaction
  // of its own, which another request may be waiting on (a shared in-flight fetch): inside a
  // transaction that would hold every write back, or never finish.
  if (inTransactionNow()) throw new Error("An OAuth token is fetched outside transactions: resolve the connection before the write");
  // No saved connection to hold the settings (a test before save, a dry run): never served from nor
  // put into the cache, and nothing is stored back.
  if (!ctx.connectionId) return fetchToken(config, secrets, secrets.refreshToken ?? null, { ...ctx, storeSecret: undefined });
  const prefix = `${ctx.connectionId}:`;
  const key = `${prefix}${ctx.version}:${tokenSettingsHash(config, secrets)}`;
  const known = cache.get(key);
  if (known instanceof Promise) return known;
  if (known && usable(known)) return known;
  // A rotated refresh token this server holds in memory wins over a reference's (unrotatable) value.
  // The stored one is the latest (another process may have rotated it); a reference cannot take a
  // rotated value, so then the one this process holds in memory wins.
  const refresh = (ctx.refKeys.has("refreshToken") ? known?.refreshToken : null) ?? secrets.refreshToken ?? null;
  const pending = fetchToken(config, secrets, refresh, ctx);
  // One entry per connection: the saved settings' (an older edit's or other settings' go).
  for (const k of cache.keys()) if (k.startsWith(prefix)) cache.delete(k);
  cache.set(key, pending);
  try {
    const token = await pending;
    if (cache.get(key) === pending) cache.set(key, token);
    return token;
  } catch (e) {
    if (cache.get(key) === pending) cache.delete(key);
    throw e;
  }
}

/** Forgets a connection's cached token (edit, delete). */
export function forgetToken(connectionId: string): void {
  for (const k of cache.keys()) if (k.startsWith(`${connectionId}:`)) cache.delete(k);
}

export const oauth2Auth: AuthModule<Input> = {
  secretFields: (input) => [
    ...(input.clientSecret ? [{ key: "clientSecret", field: "clientSecret", value: input.clientSecret, label: "client secret" }] : []),
    ...(input.grantType === "refresh_token" ? [{ key: "refreshToken", field: "refreshToken", value: input.refreshToken, label: "refresh token" }] : []),
    ...input.extraBody.flatMap((row, i) => (row.secret ? [{ key: `extra.${row.key}`, field: `extraBody.${i}.value`, value: row.value, label: `value of ${row.key}` }] : [])),
  ],
  plain: (input) => ({
    grantType: input.grantType,
    tokenUrl: input.tokenUrl,
    clientId: input.clientId,
    scopes: input.scopes,
    clientAuth: input.clientAuth,
    extraBody: plainRows(input.extraBody),
    testUrl: input.testUrl,
    hasClientSecret: Boolean(input.clientSecret),
  }),
  output: (config, shown) => ({
    grantType: config.grantType,
    tokenUrl: config.tokenUrl,
    clientId: config.clientId,
    clientSecret: config.hasClientSecret ? shown("clientSecret") : "",
    refreshToken: config.grantType === "refresh_token" ? shown("refreshToken") : "",
    scopes: config.scopes ?? "",
    clientAuth: config.clientAuth ?? "body",
    extraBody: ((config.extraBody as Input["extraBody"]) ?? []).map((row, i) => (row.secret ? { ...row, value: shown(`extraBody.${i}.value`) } : row)),
    testUrl: config.testUrl ?? "",
  }),
  target: (config) => hostOf(config.tokenUrl),
  async test(config, secrets, ctx) {
    let token: Token;
    try {
      token = await accessToken(config, secrets, ctx);
    } catch (e) {
      if (e instanceof TokenError) return e.result;
      return failed((e as Error).message);
    }
    const lifetime = token.expiresAt ? ` (valid about ${Math.max(0, Math.round((token.expiresAt - Date.now()) / 1000))} s more)` : "";
    if (!config.testUrl) return { ok: true, code: null, message: `Access token received${lifetime}`, status: null, timeMs: null, excerpt: null };
    const check = await performCheckRequest(config.testUrl as string, { Authorization: `Bearer ${token.accessToken}` }, [token.accessToken]);
    return check.ok ? { ...check, message: `Access token received; ${check.message}` } : check;
  },
  async resolve(config, secrets, ctx): Promise<RunAuth> {
    let token: Token;
    try {
      token = await accessToken(config, secrets, ctx);
    } catch (e) {
      throw new Error(e instanceof TokenError ? e.message : (e as Error).message);
    }
    const values = [token.accessToken, ...Object.values(secrets)];
    if (token.refreshToken) values.push(token.refreshToken);
    return { headers: { Authorization: `Bearer ${token.accessToken}` }, params: {}, secrets: values, refreshAt: token.expiresAt, extra: { expiresAt: token.expiresAt ? new Date(token.expiresAt).toISOString() : null } };
  },
};
