import "server-only";
import { eq } from "drizzle-orm";
import { ApiError, conflict } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { getDb } from "@/lib/db/client";
import { connections, type Connection } from "@/lib/db/schema";
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
import { requireSecretsAgainIfTargetChanged, type IncomingSecret, type SecretTarget } from "@/lib/secrets/target-change";
import { assertNameFree, feedsUsing, readSecrets, requireConnection, sealSecrets } from "./store";
import { assertWritable, provisionedColumn, type WriteOptions } from "@/lib/bundle/read-only";

type StoredConfig = {
  authType: "none" | "basic" | "custom";
  username?: string;
  authUrl?: string;
  method?: string;
  headers?: KeyValue[];
  body?: string;
  secretBodyKeys?: string[];
  lastTest?: { ok: boolean; code: string | null; message: string; at: string; timeMs: number | null } | null;
};
type StoredSecrets = { password?: string; headers?: Record<string, string>; body?: Record<string, unknown> };

const isMask = (v: unknown) => v === SECRET_MASK;

/** Where a REST connection's secrets go: the authorization URL's host (and port). */
const restTarget = (c: { authType: string; authUrl?: string }): SecretTarget => ({ host: c.authType === "custom" && c.authUrl && URL.canParse(c.authUrl) ? new URL(c.authUrl).host : null });

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
  const want = (field: string, value: unknown, stored: unknown, label: string) => {
    if (isMask(value) && stored === undefined) missing[field] = "Enter this secret again";
    incoming[field] = { value: isMask(value) ? undefined : (value as string), keep: isMask(value), stored: stored as string | undefined, label };
  };

  if (input.authType === "basic") {
    config.username = input.username;
    want("password", input.password, previous.password, "password");
  }
  const bodyPaths: [string, string][] = [];
  const headerKeys: [string, string][] = [];
  let body: Record<string, unknown> | null = null;
  if (input.authType === "custom") {
    config.authUrl = input.authUrl;
    config.method = input.method;
    config.headers = input.headers.map((h, i) => {
      if (!h.secret) return { key: h.key, value: h.value, secret: false };
      want(`headers.${i}.value`, h.value, previous.headers?.[h.key.toLowerCase()], `value of ${h.key}`);
      headerKeys.push([`headers.${i}.value`, h.key.toLowerCase()]);
      return { key: h.key, value: "", secret: true };
    });
    body = input.body.trim() ? (JSON.parse(input.body) as Record<string, unknown>) : null;
    config.secretBodyKeys = input.secretBodyKeys.filter((k) => body && hasPath(body, k));
    for (const path of config.secretBodyKeys) {
      want(`body.${path}`, getPath(body, path), previous.body?.[path], `value of ${path}`);
      bodyPaths.push([`body.${path}`, path]);
    }
  }
  if (Object.keys(missing).length) {
    throw new ApiError("unprocessable_entity", "Some secret values must be entered again", missing);
  }
  const resolved = requireSecretsAgainIfTargetChanged(previousTarget, restTarget(input), incoming);
  if (input.authType === "basic") secrets.password = resolved.password;
  if (input.authType === "custom") {
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
  return { config, secrets };
}

function toOutput(row: Connection): RestConnectionOut {
  const config = row.config as StoredConfig;
  const out: RestConnectionOut = {
    id: row.id,
    kind: "rest",
    name: row.name,
    authType: config.authType,
    usedBy: feedsUsing(row.id),
    lastTest: config.lastTest ?? null,
    provisionedFrom: row.provisionedFrom,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt?.toISOString() ?? null,
  };
  if (config.authType === "basic") Object.assign(out, { username: config.username, password: SECRET_MASK });
  if (config.authType === "custom") {
    const stored = config.body ? (JSON.parse(config.body) as Record<string, unknown>) : null;
    const body = stored ? maskPaths(stored, config.secretBodyKeys ?? [], SECRET_MASK) : null;
    Object.assign(out, {
      authUrl: config.authUrl,
      method: config.method,
      headers: (config.headers ?? []).map((h) => (h.secret ? { ...h, value: SECRET_MASK } : h)),
      body: body ? JSON.stringify(body, null, 2) : "",
      secretBodyKeys: config.secretBodyKeys ?? [],
    });
  }
  return out;
}

export function getRestConnection(id: string): RestConnectionOut {
  return toOutput(requireConnection(id, "rest"));
}

export function createRestConnection(actor: Actor, input: RestConnectionInput, opts: WriteOptions = {}): RestConnectionOut {
  assertNameFree(input.name);
  const { config, secrets } = split(input, {});
  const row = getDb()
    .insert(connections)
    .values({ id: newConnectionId(), kind: "rest", name: input.name, config, secrets: sealSecrets(secrets), createdBy: actor.label, ...provisionedColumn(opts) })
    .returning()
    .get();
  recordAudit(actor, { action: "connection.create", targetType: "connection", targetId: row.id, targetLabel: row.name, summary: { kind: "rest", authType: input.authType } });
  return toOutput(row);
}

export function updateRestConnection(actor: Actor, id: string, input: RestConnectionInput, opts: WriteOptions = {}): RestConnectionOut {
  const row = requireConnection(id, "rest");
  assertWritable(row, "Connection", opts);
  const previousConfig = row.config as StoredConfig;
  if (input.name !== row.name) throw new ApiError("unprocessable_entity", "A connection's name cannot be changed", { name: "The name cannot be changed" });
  if (input.authType !== previousConfig.authType) {
    throw new ApiError("unprocessable_entity", "A connection's authentication type cannot be changed", { authType: "The authentication type cannot be changed" });
  }
  const { config, secrets } = split(input, readSecrets<StoredSecrets>(row), previousConfig);
  const updated = getDb()
    .update(connections)
    .set({ config, secrets: sealSecrets(secrets), updatedAt: new Date(), updatedBy: actor.label, ...provisionedColumn(opts) })
    .where(eq(connections.id, id))
    .returning()
    .get();
  const changed = (["username", "authUrl", "method", "headers", "body", "secretBodyKeys"] as const).filter(
    (k) => JSON.stringify(previousConfig[k]) !== JSON.stringify(config[k]),
  );
  recordAudit(actor, { action: "connection.update", targetType: "connection", targetId: id, targetLabel: row.name, summary: { changed } });
  return toOutput(updated);
}

export function deleteConnection(actor: Actor, id: string, opts: WriteOptions = {}): void {
  const row = requireConnection(id);
  assertWritable(row, "Connection", opts);
  if (row.kind === "druid" && (row.config as { fixed?: boolean }).fixed) {
    throw new ApiError("conflict", `${row.name} comes from the server's CONNECTIONS_FILE (fixedConnections); change that file instead`);
  }
  const users = feedsUsing(id);
  if (users.length) {
    throw conflict(`${row.name} is used by ${users.length} feed(s): ${users.map((f) => f.name ?? `draft #${f.id}`).join(", ")}. Change or delete them first.`);
  }
  getDb().delete(connections).where(eq(connections.id, id)).run();
  recordAudit(actor, { action: "connection.delete", targetType: "connection", targetId: id, targetLabel: row.name, summary: { kind: row.kind } });
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

async function testStored(config: StoredConfig, secrets: Partial<StoredSecrets>): Promise<ConnectionTestResult> {
  if (config.authType !== "custom") {
    const what = config.authType === "basic" ? "Basic Auth credentials are sent with each request the script makes" : "No Auth needs no check";
    return { ok: true, code: null, message: `Nothing to call: ${what}`, status: null, timeMs: null, excerpt: null };
  }
  return (await performAuthRequest(authRequestFor(config, secrets))).result;
}

/** Test before save: the form's values, with masks resolved against an existing connection when given. */
export async function testRestConnectionInput(input: RestConnectionInput, existingId?: string): Promise<ConnectionTestResult> {
  const row = existingId ? requireConnection(existingId, "rest") : undefined;
  const { config, secrets } = split(input, row ? readSecrets<StoredSecrets>(row) : {}, row?.config as StoredConfig | undefined);
  return testStored(config, secrets);
}

export async function testRestConnection(actor: Actor, id: string): Promise<ConnectionTestResult> {
  const row = requireConnection(id, "rest");
  const config = row.config as StoredConfig;
  const result = await testStored(config, readSecrets<StoredSecrets>(row));
  const lastTest = { ok: result.ok, code: result.code, message: result.message, at: new Date().toISOString(), timeMs: result.timeMs };
  getDb().update(connections).set({ config: { ...config, lastTest } }).where(eq(connections.id, id)).run();
  recordAudit(actor, { action: "connection.test", targetType: "connection", targetId: id, targetLabel: row.name, summary: { ok: result.ok, code: result.code } });
  return result;
}

export type RunConnection =
  | { type: "none" }
  | { type: "basic"; username: string; password: string; headers: { Authorization: string } }
  | { type: "custom"; auth: AuthResponse };

/** What a fetch script receives as `connection`; Custom Auth performs its request first. */
export async function resolveRunConnection(id: string | null): Promise<{ connection: RunConnection; secrets: string[] }> {
  if (!id) return { connection: { type: "none" }, secrets: [] };
  const row = requireConnection(id, "rest");
  const config = row.config as StoredConfig;
  const secrets = readSecrets<StoredSecrets>(row);
  if (config.authType === "basic") {
    const password = secrets.password ?? "";
    const token = Buffer.from(`${config.username}:${password}`).toString("base64");
    return { connection: { type: "basic", username: config.username!, password, headers: { Authorization: `Basic ${token}` } }, secrets: [password, token] };
  }
  if (config.authType === "custom") {
    const request = authRequestFor(config, secrets);
    const { result, response } = await performAuthRequest(request);
    if (!response) throw new Error(`The Custom Auth request to ${new URL(request.url).host} failed (${result.code}): ${result.message}`);
    return { connection: { type: "custom", auth: response }, secrets: request.secrets };
  }
  return { connection: { type: "none" }, secrets: [] };
}
