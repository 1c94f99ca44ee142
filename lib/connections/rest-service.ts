import "server-only";
import { eq } from "drizzle-orm";
import { ApiError, conflict } from "@/lib/api/errors";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { inTransaction } from "@/lib/db/tx";
import type { RestStoredConfig } from "@/lib/db/json-columns";
import { connections, type Connection, type ConnectionOf } from "@/lib/db/tables";
import { performAuthRequest, type AuthRequest, type AuthResponse } from "./auth-request";
import { newConnectionId } from "./ids";
import {
  SECRET_MASK,
  type ConnectionTestResult,
  type KeyValue,
  type RestConnectionInput,
  type RestConnectionOut,
} from "./rest-schemas";
import { getPath, hasPath, maskPaths, setPath } from "@/lib/secrets/redact";
import { requireSecretsAgainIfTargetChanged, targetChange, type IncomingSecret, type SecretTarget } from "@/lib/secrets/target-change";
import { asConnection, assertNameFree, feedsUsing, findConnection, readSecrets, requireConnection, sealSecrets } from "./store";
import { assertWritable, provisionedColumn, type WriteOptions } from "@/lib/bundle/read-only";
import { assertMaySetRefs, collectSecretRefs, isSecretRef, resolveSecretRefs, SecretRefError } from "@/lib/secrets/refs";
import { apiKeyAuth } from "./auth/api-key";
import { bearerAuth } from "./auth/bearer";
import { forgetToken, oauth2Auth, tokenSettingsHash } from "./auth/oauth2";
import { sessionLogin, sessionOutput, sessionPlain, sessionTarget } from "./auth/session-token";
import { failed, nothingToCall, type AuthConfig, type AuthModule, type RunAuth, type UseContext } from "./auth/types";

type AuthType = RestConnectionInput["authType"];
type StoredConfig = RestStoredConfig;
type StoredSecrets = { password?: string; headers?: Record<string, string>; body?: Record<string, unknown>; fields?: Record<string, string> };

// The types with their own module (lib/connections/auth/*); none, basic, custom and the session
// token's login stay here.
const MODULES: Partial<Record<AuthType, AuthModule<never>>> = { bearer: bearerAuth, apiKey: apiKeyAuth, oauth2: oauth2Auth } as never;
const moduleFor = (t: string) => MODULES[t as AuthType] as AuthModule<RestConnectionInput> | undefined;
const hasLogin = (t: string) => t === "custom" || t === "sessionToken";

const isMask = (v: unknown) => v === SECRET_MASK;

/** Where a REST connection's secrets go: the authorization URL's host (and port). */
const restTarget = (c: Record<string, unknown> & { authType: string }): SecretTarget => ({
  host: moduleFor(c.authType)?.target(c) ?? (hasLogin(c.authType) ? sessionTarget(c) : null),
});

/**
 * Splits a form's values into plain config and secrets; a mask keeps the stored secret. Secret
 * body values are named by dotted paths ("client_secret", "auth.password"): each is stored
 * encrypted and left null in the plain body.
 */
function split(input: RestConnectionInput, previous: Partial<StoredSecrets>, previousConfig?: StoredConfig) {
  const config: StoredConfig = { authType: input.authType, lastTest: previousConfig?.lastTest ?? null };
  const secrets: StoredSecrets = {};
  const incoming: Record<string, IncomingSecret> = {};
  // DESIGN §3: a new host means the secrets must be typed again, so a mask cannot carry them over.
  const previousTarget = previousConfig ? restTarget(previousConfig) : null;
  const missing: Record<string, string> = {};
  // Secrets path ("headers.x-key", "fields.token") -> the request's field ("headers.0.value", "token").
  const fieldOf: Record<string, string> = {};
  const want = (field: string, value: unknown, stored: unknown, label: string, secretPath?: string) => {
    if (secretPath) fieldOf[secretPath] = field;
    if (isMask(value) && stored === undefined) missing[field] = "Enter this secret again";
    incoming[field] = { value: isMask(value) ? undefined : (value as string), keep: isMask(value), stored: stored as string | undefined, label };
  };

  if (input.authType === "basic") {
    config.username = input.username;
    want("password", input.password, previous.password, "password", "password");
  }
  const module = moduleFor(input.authType);
  const fieldKeys: [string, string][] = [];
  if (module) {
    Object.assign(config, module.plain(input));
    for (const f of module.secretFields(input)) {
      want(f.field, f.value, previous.fields?.[f.key], f.label, `fields.${f.key}`);
      fieldKeys.push([f.field, f.key]);
    }
  }
  const bodyPaths: [string, string][] = [];
  const headerKeys: [string, string][] = [];
  let body: Record<string, unknown> | null = null;
  if (input.authType === "custom" || input.authType === "sessionToken") {
    if (input.authType === "sessionToken") Object.assign(config, sessionPlain(input));
    config.authUrl = input.authUrl;
    config.method = input.method;
    config.headers = input.headers.map((h, i) => {
      if (!h.secret) return { key: h.key, value: h.value, secret: false };
      want(`headers.${i}.value`, h.value, previous.headers?.[h.key.toLowerCase()], `value of ${h.key}`, `headers.${h.key.toLowerCase()}`);
      headerKeys.push([`headers.${i}.value`, h.key.toLowerCase()]);
      return { key: h.key, value: "", secret: true };
    });
    body = input.body.trim() ? (JSON.parse(input.body) as Record<string, unknown>) : null;
    config.secretBodyKeys = input.secretBodyKeys.filter((k) => body && hasPath(body, k));
    for (const path of config.secretBodyKeys) {
      want(`body.${path}`, getPath(body, path), previous.body?.[path], `value of ${path}`, `body.${path}`);
      bodyPaths.push([`body.${path}`, path]);
    }
  }
  if (Object.keys(missing).length) {
    throw new ApiError("unprocessable_entity", "Some secret values must be entered again", missing);
  }
  const resolved = requireSecretsAgainIfTargetChanged(previousTarget, restTarget(input), incoming);
  if (input.authType === "basic") secrets.password = resolved.password;
  if (module) {
    secrets.fields = {};
    for (const [field, key] of fieldKeys) if (resolved[field] !== undefined) secrets.fields[key] = resolved[field];
  }
  if (hasLogin(input.authType)) {
    secrets.headers = {};
    for (const [field, key] of headerKeys) if (resolved[field] !== undefined) secrets.headers[key] = resolved[field];
    if (body) {
      secrets.body = {};
      for (const [field, path] of bodyPaths) {
        if (resolved[field] !== undefined) secrets.body[path] = resolved[field];
        setPath(body, path, null);
      }
    }
    config.body = body ? JSON.stringify(body, null, 2) : "";
  }
  const refs = collectSecretRefs(secrets);
  config.secretRefs = Object.fromEntries(Object.entries(refs).map(([path, ref]) => [fieldOf[path] ?? path, ref]));
  const field = (path: string) => fieldOf[path] ?? path;
  // A reference typed again for a new host counts as newly set (only an admin may send it elsewhere).
  const refsBefore = (before: Partial<StoredSecrets>) => (targetChange(previousTarget, restTarget(input)) ? {} : before);
  return { config, secrets, field, refsBefore };
}

/** What the API shows for a secret field: its reference when it holds one, else the mask. */
const shownFor = (config: StoredConfig) => (field: string) => config.secretRefs?.[field] ?? SECRET_MASK;

async function toOutput(row: ConnectionOf<"rest">): Promise<RestConnectionOut> {
  const config = row.config;
  const out: RestConnectionOut = {
    id: row.id,
    kind: "rest",
    name: row.name,
    authType: config.authType,
    usedBy: await feedsUsing(row.id),
    lastTest: config.lastTest ?? null,
    provisionedFrom: row.provisionedFrom,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt?.toISOString() ?? null,
  };
  const shown = shownFor(config);
  if (config.authType === "basic") Object.assign(out, { username: config.username, password: shown("password") });
  const module = moduleFor(config.authType);
  if (module) Object.assign(out, module.output(config as AuthConfig, shown));
  if (config.authType === "sessionToken") Object.assign(out, sessionOutput(config as AuthConfig));
  if (hasLogin(config.authType)) {
    const stored = config.body ? (JSON.parse(config.body) as Record<string, unknown>) : null;
    const body = stored ? maskPaths(stored, config.secretBodyKeys ?? [], SECRET_MASK) : null;
    for (const path of config.secretBodyKeys ?? []) if (body && config.secretRefs?.[`body.${path}`]) setPath(body, path, config.secretRefs[`body.${path}`]);
    Object.assign(out, {
      authUrl: config.authUrl,
      method: config.method,
      headers: (config.headers ?? []).map((h, i) => (h.secret ? { ...h, value: shown(`headers.${i}.value`) } : h)),
      body: body ? JSON.stringify(body, null, 2) : "",
      secretBodyKeys: config.secretBodyKeys ?? [],
    });
  }
  return out;
}

export async function getRestConnection(id: string): Promise<RestConnectionOut> {
  return toOutput(await requireConnection(id, "rest"));
}

export async function createRestConnection(actor: Actor, input: RestConnectionInput, opts: WriteOptions = {}): Promise<RestConnectionOut> {
  return inTransaction(async (tx) => {
    await assertNameFree(input.name);
    const { config, secrets, field } = split(input, {});
    assertMaySetRefs(actor.role, {}, secrets, field);
    const [row] = await tx
      .insert(connections)
      .values({ id: newConnectionId(), kind: "rest", name: input.name, config, secrets: sealSecrets(secrets), createdBy: actor.label, ...provisionedColumn(opts) })
      .returning();
    await recordAudit(actor, { action: "connection.create", targetType: "connection", targetId: row.id, targetLabel: row.name, summary: { kind: "rest", authType: input.authType } });
    return toOutput(asConnection(row, "rest"));
  });
}

export function updateRestConnection(actor: Actor, id: string, input: RestConnectionInput, opts: WriteOptions = {}): Promise<RestConnectionOut> {
  return inTransaction(async (tx) => {
    const row = await requireConnection(id, "rest");
    assertWritable(row, "Connection", opts);
    const previousConfig = row.config;
    if (input.name !== row.name) throw new ApiError("unprocessable_entity", "A connection's name cannot be changed", { name: "The name cannot be changed" });
    if (input.authType !== previousConfig.authType) {
      throw new ApiError("unprocessable_entity", "A connection's authentication type cannot be changed", { authType: "The authentication type cannot be changed" });
    }
    const previousSecrets = readSecrets<StoredSecrets>(row);
    const { config, secrets, field, refsBefore } = split(input, previousSecrets, previousConfig);
    assertMaySetRefs(actor.role, refsBefore(previousSecrets), secrets, field);
    forgetToken(id);
    const [updated] = await tx
      .update(connections)
      .set({ config, secrets: sealSecrets(secrets), updatedAt: new Date(), updatedBy: actor.label, ...provisionedColumn(opts) })
      .where(eq(connections.id, id))
      .returning();
    const changed = Object.keys({ ...previousConfig, ...config }).filter(
      (k) => k !== "lastTest" && k !== "secretRefs" && JSON.stringify(previousConfig[k]) !== JSON.stringify(config[k]),
    );
    await recordAudit(actor, { action: "connection.update", targetType: "connection", targetId: id, targetLabel: row.name, summary: { changed } });
    return toOutput(asConnection(updated, "rest"));
  });
}

export function deleteConnection(actor: Actor, id: string, opts: WriteOptions = {}): Promise<void> {
  return inTransaction(async (tx) => {
    const row = await requireConnection(id);
    assertWritable(row, "Connection", opts);
    if (row.kind === "druid" && row.config.fixed) {
      throw new ApiError("conflict", `${row.name} comes from the server's CONNECTIONS_FILE (fixedConnections); change that file instead`);
    }
    const users = await feedsUsing(id);
    if (users.length) {
      throw conflict(`${row.name} is used by ${users.length} feed(s): ${users.map((f) => f.name ?? `draft #${f.id}`).join(", ")}. Change or delete them first.`);
    }
    await tx.delete(connections).where(eq(connections.id, id));
    forgetToken(id);
    await recordAudit(actor, { action: "connection.delete", targetType: "connection", targetId: id, targetLabel: row.name, summary: { kind: row.kind } });
  });
}

function authRequestFor(config: StoredConfig, secrets: Partial<StoredSecrets>): AuthRequest {
  const headers: Record<string, string> = {};
  const secretValues: string[] = [];
  for (const h of config.headers ?? []) {
    const value = h.secret ? (secrets.headers?.[h.key.toLowerCase()] ?? "") : h.value;
    if (h.secret) secretValues.push(value);
    headers[h.key] = value;
  }
  let body: string | null = null;
  if (config.body) {
    const parsed = JSON.parse(config.body) as Record<string, unknown>;
    for (const path of config.secretBodyKeys ?? []) {
      const value = secrets.body?.[path] ?? null;
      setPath(parsed, path, value);
      if (typeof value === "string") secretValues.push(value);
    }
    body = JSON.stringify(parsed);
  }
  return { url: config.authUrl!, method: config.method ?? "POST", headers, body, secrets: secretValues };
}

/** The stored secrets with references resolved: only at use points, never stored. */
function useSecrets(secrets: Partial<StoredSecrets>): Partial<StoredSecrets> {
  return resolveSecretRefs(secrets);
}

function useContext(row: Connection | undefined, raw: Partial<StoredSecrets>): UseContext {
  return {
    connectionId: row?.id ?? null,
    version: String((row?.updatedAt ?? row?.createdAt)?.getTime() ?? 0),
    refKeys: new Set(Object.entries(raw.fields ?? {}).filter(([, v]) => isSecretRef(v)).map(([k]) => k)),
    storeSecret: row ? (key, value) => storeRotatedSecret(row.id, key, value) : undefined,
  };
}

/**
 * Writes a rotated secret (an OAuth refresh token) back at once: re-reads the row in a transaction
 * and changes only that secret, so an edit saved meanwhile is not overwritten. Audited without values.
 */
function storeRotatedSecret(id: string, key: string, value: string): Promise<void> {
  return inTransaction(async (tx) => {
    const row = await findConnection(id);
    if (!row) return;
    const secrets = readSecrets<StoredSecrets>(row);
    if (isSecretRef(secrets.fields?.[key])) return;
    secrets.fields = { ...(secrets.fields ?? {}), [key]: value };
    await tx.update(connections).set({ secrets: sealSecrets(secrets) }).where(eq(connections.id, id));
    await recordAudit(SYSTEM_ACTOR, { action: "connection.secret_rotated", targetType: "connection", targetId: id, targetLabel: row.name, summary: { field: key } });
  });
}

async function testStored(config: StoredConfig, raw: Partial<StoredSecrets>, row?: Connection): Promise<ConnectionTestResult> {
  let secrets: Partial<StoredSecrets>;
  try {
    secrets = useSecrets(raw);
  } catch (e) {
    if (e instanceof SecretRefError) return failed(e.message, "secret_reference_unresolved");
    throw e;
  }
  const module = moduleFor(config.authType);
  if (module) return module.test(config as AuthConfig, secrets.fields ?? {}, useContext(row, raw));
  if (config.authType === "sessionToken") return (await sessionLogin(config as AuthConfig, authRequestFor(config, secrets))).result;
  if (config.authType !== "custom") {
    const what = config.authType === "basic" ? "Basic Auth credentials are sent with each request the script makes" : "No Auth needs no check";
    return { ok: true, code: null, message: `Nothing to call: ${what}`, status: null, timeMs: null, excerpt: null };
  }
  return (await performAuthRequest(authRequestFor(config, secrets))).result;
}

/**
 * Test before save: the form's values, with masks resolved against an existing connection when
 * given. A reference the actor may not set is refused here too (it would be sent to the form's host).
 * A dry run's test (`dryRun`) writes nothing: it never spends a saved refresh token.
 */
export async function testRestConnectionInput(input: RestConnectionInput, existingId?: string, role = "editor", options: { dryRun?: boolean } = {}): Promise<ConnectionTestResult> {
  const row = existingId ? await requireConnection(existingId, "rest") : undefined;
  const previous = row ? readSecrets<StoredSecrets>(row) : {};
  const { config, secrets, field, refsBefore } = split(input, previous, row?.config);
  assertMaySetRefs(role, refsBefore(previous), secrets, field);
  if (input.authType === "oauth2" && input.grantType === "refresh_token") {
    // Using a refresh token spends it where the server rotates them: only the saved one (kept with
    // the mask) is tested, so the rotated one can be stored back into that connection.
    if (!row || input.refreshToken !== SECRET_MASK) {
      return nothingToCall("a refresh token typed here would be used up by the test (servers that rotate them issue a new one, which could not be kept). Save, then Test");
    }
    // A dry run stores nothing, so it could not keep the new refresh token a rotating server issues.
    if (options.dryRun) {
      return nothingToCall("a dry run writes nothing, and using the saved refresh token could spend it (a token server that rotates them issues a new one, which would have to be stored). Test the saved connection to check it");
    }
    // The saved refresh token is used only with the saved token settings: a token (and a rotated
    // refresh token) obtained with other settings must not land in the saved connection.
    const saved = row.config as AuthConfig;
    if (saved.grantType !== "refresh_token" || tokenSettingsHash(config as AuthConfig, secrets.fields ?? {}) !== tokenSettingsHash(saved, previous.fields ?? {})) {
      return nothingToCall("the saved refresh token is used only with the saved token settings (these differ, and the new refresh token a rotating server issues could not be kept). Save, then Test");
    }
    return testStored(config, secrets, row);
  }
  return testStored(config, secrets);
}

export async function testRestConnection(actor: Actor, id: string): Promise<ConnectionTestResult> {
  const row = await requireConnection(id, "rest");
  const config = row.config;
  // The test calls the connection's servers: outside the transaction, which only records its result.
  const result = await testStored(config, readSecrets<StoredSecrets>(row), row);
  const lastTest = { ok: result.ok, code: result.code, message: result.message, at: new Date().toISOString(), timeMs: result.timeMs };
  await inTransaction(async (tx) => {
    // The row as it is now: an edit saved while the test ran is kept.
    const latest = (await requireConnection(id, "rest")).config;
    await tx.update(connections).set({ config: { ...latest, lastTest } }).where(eq(connections.id, id));
    await recordAudit(actor, { action: "connection.test", targetType: "connection", targetId: id, targetLabel: row.name, summary: { ok: result.ok, code: result.code } });
  });
  return result;
}

type Ready = { headers: Record<string, string>; params: Record<string, string> };
export type RunConnection =
  | { type: "none" }
  | { type: "basic"; username: string; password: string; headers: { Authorization: string } }
  | { type: "custom"; auth: AuthResponse }
  | ({ type: "bearer" | "apiKey" } & Ready)
  | ({ type: "oauth2"; expiresAt: string | null } & Ready)
  | ({ type: "sessionToken"; auth: AuthResponse } & Ready);

export type ResolvedRunConnection = {
  connection: RunConnection;
  secrets: string[];
  // When the headers expire (OAuth 2.0): the runner asks for new ones (refreshRunHeaders) before then.
  refreshAt?: number | null;
};

/** What a fetch script receives as `connection`; Custom Auth, session tokens and OAuth 2.0 fetch first. */
export async function resolveRunConnection(id: string | null): Promise<ResolvedRunConnection> {
  if (!id) return { connection: { type: "none" }, secrets: [] };
  const row = await requireConnection(id, "rest");
  const config = row.config;
  const raw = readSecrets<StoredSecrets>(row);
  let secrets: Partial<StoredSecrets>;
  try {
    secrets = useSecrets(raw);
  } catch (e) {
    if (e instanceof SecretRefError) throw new Error(`Connection ${row.name}: ${e.message}`);
    throw e;
  }
  const resolvedValues = Object.values(collectSecretRefs(raw)).length ? collectResolved(secrets) : [];
  const module = moduleFor(config.authType);
  if (module) {
    const auth: RunAuth = await module.resolve(config as AuthConfig, secrets.fields ?? {}, useContext(row, raw));
    const connection = { type: config.authType, headers: auth.headers, params: auth.params, ...(auth.extra ?? {}) } as RunConnection;
    return { connection, secrets: [...auth.secrets, ...resolvedValues], refreshAt: auth.refreshAt ?? null };
  }
  if (config.authType === "basic") {
    const password = secrets.password ?? "";
    const token = Buffer.from(`${config.username}:${password}`).toString("base64");
    return { connection: { type: "basic", username: config.username!, password, headers: { Authorization: `Basic ${token}` } }, secrets: [password, token] };
  }
  if (hasLogin(config.authType)) {
    const request = authRequestFor(config, secrets);
    const failure = (result: ConnectionTestResult) => new Error(`The ${config.authType === "custom" ? "Custom Auth" : "login"} request to ${new URL(request.url).host} failed (${result.code ?? "no token"}): ${result.message}`);
    if (config.authType === "sessionToken") {
      const login = await sessionLogin(config as AuthConfig, request);
      if (!login.auth || !login.response) throw failure(login.result);
      return { connection: { type: "sessionToken", auth: login.response, headers: login.auth.headers, params: login.auth.params }, secrets: [...login.auth.secrets, ...resolvedValues] };
    }
    const { result, response } = await performAuthRequest(request);
    if (!response) throw failure(result);
    return { connection: { type: "custom", auth: response }, secrets: [...request.secrets, ...resolvedValues] };
  }
  return { connection: { type: "none" }, secrets: [] };
}

// Every resolved value counts as a run secret (the ones that came from a reference among them).
const collectResolved = (secrets: Partial<StoredSecrets>): string[] => leafStrings(secrets);
const leafStrings = (v: unknown): string[] => (typeof v === "string" ? [v] : v && typeof v === "object" ? Object.values(v).flatMap(leafStrings) : []);
