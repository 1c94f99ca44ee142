import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { admin, baseURL, unique } from "./api";

// Shared by the security suite (e2e/security): raw HTTP (any method, any bytes, undecoded paths),
// the OpenAPI operations, surface envelopes, row counts read from console.db, and signed-in
// principals whose cookies send a same-origin Origin and whose tokens were made by the native API.

export type Surface = "native" | "pivot" | "dataherald" | "zoomdata" | "keboola";
export type Role = "viewer" | "editor" | "admin";

/** A random client address from TEST-NET-2, so failed sign-ins limit nobody else's. */
export const randomXff = () => `198.51.100.${1 + crypto.randomInt(254)}`;

export function surfaceOf(p: string): Surface {
  // Dot segments are resolved before routing (/api/v1/connections/../x is /api/v1/x).
  let pathOnly = p.split("?")[0];
  try {
    pathOnly = new URL(pathOnly, "http://x").pathname;
  } catch {
    // left as sent
  }
  if (/^\/api\/v1\/connections(\/|$)/.test(pathOnly)) return "pivot";
  // The rest of /api/v1 is Dataherald's engine prefix, unknown paths included.
  if (/^\/api\/v1(\/|$)/.test(pathOnly)) return "dataherald";
  // The hosted Dataherald API's paths (its official Python SDK's), beside the engine's /api/v1.
  if (/^\/api\/(database-connections|table-descriptions)(\/|$)/.test(pathOnly) || /^\/heartbeat\/?$/.test(pathOnly)) return "dataherald";
  if (/^\/zoomdata(\/|$)/.test(pathOnly)) return "zoomdata";
  if (/^\/(provisioning|queue)(\/|$)/.test(pathOnly)) return "keboola";
  return "native";
}

/** Null when the body is the surface's error envelope for this status, else what is wrong. */
export function envelopeProblem(surface: Surface, status: number, contentType: string, text: string): string | null {
  if (!/^application\/json\b/i.test(contentType)) return `content-type ${contentType || "(none)"} is not application/json (${text.slice(0, 80).replace(/\s+/g, " ")})`;
  let b: Record<string, unknown>;
  try {
    b = JSON.parse(text);
  } catch {
    return "body is not JSON";
  }
  if (!b || typeof b !== "object" || Array.isArray(b)) return "body is not a JSON object";
  const str = (v: unknown) => typeof v === "string" && v.length > 0;
  switch (surface) {
    case "native": {
      const e = b.error as Record<string, unknown> | undefined;
      if (!e || typeof e !== "object") return "native envelope needs error: {code, message, requestId}";
      if (!str(e.code) || !str(e.message)) return "native error needs code and message";
      if (!str(e.requestId)) return "native error has no requestId";
      return null;
    }
    case "pivot":
      return str(b.error) ? null : 'Pivot envelope is {"error": "<message>"}';
    case "dataherald":
      if (status === 422 && Array.isArray(b.detail)) return null;
      return str(b.error_code) && str(b.message) ? null : "Dataherald envelope is {error_code, message, description, detail}";
    case "zoomdata":
      return typeof b.timestamp === "number" && b.status === status && str(b.error) && typeof b.message === "string" ? null : "Zoomdata envelope is {timestamp, status, error, message}";
    case "keboola":
      // "warning": an extend the backend refuses (Keboola's own answer). Clients read `message`.
      return (b.status === "error" || b.status === "warning") && str(b.error) && str(b.message) ? null : 'Keboola envelope is {"status": "error", "error": ..., "message": ..., "code": ...}';
  }
}

export type RawRequest = { method: string; path: string; headers: Record<string, string>; body?: Buffer | string };
export type RawResponse = { status: number; contentType: string; text: string; ms: number; location?: string };

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** One request exactly as given: the method, path and bytes are not normalised or validated. */
export function send(r: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  const url = new URL(baseURL());
  const started = Date.now();
  return new Promise((resolve) => {
    const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, "utf8");
    const headers: Record<string, string | number> = { ...r.headers };
    if (body) headers["content-length"] = body.length;
    let settled = false;
    const done = (res: RawResponse) => {
      if (!settled) {
        settled = true;
        resolve(res);
      }
    };
    const req = http.request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers, agent, insecureHTTPParser: false }, (res) => {
      const contentType = String(res.headers["content-type"] ?? "");
      if (/text\/event-stream/.test(contentType)) {
        // A stream of a run: the status and type are what count; do not wait for it to end.
        res.destroy();
        return done({ status: res.statusCode ?? 0, contentType, text: "", ms: Date.now() - started });
      }
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done({ status: res.statusCode ?? 0, contentType, text: Buffer.concat(chunks).toString("utf8"), ms: Date.now() - started, location: res.headers.location }));
      res.on("error", (e) => done({ status: -1, contentType, text: `response error: ${e.message}`, ms: Date.now() - started }));
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy(new Error(`no answer in ${timeoutMs} ms`));
    });
    req.on("error", (e) => done({ status: -1, contentType: "", text: `request error: ${e.message}`, ms: Date.now() - started }));
    if (body) req.write(body);
    req.end();
  });
}

/** Runs tasks with at most `limit` in flight, in order of the input. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

// --- the OpenAPI document ------------------------------------------------------------------

export type JsonSchema = Record<string, unknown>;
export type OpenApiOperation = {
  key: string; // "METHOD /path/{param}"
  method: string;
  path: string;
  operationId: string;
  role: "public" | Role;
  surface: Surface;
  pathParams: string[];
  queryParams: { name: string; schema: JsonSchema }[];
  body?: JsonSchema;
  responseType?: string;
};

export async function openApiOperations(): Promise<{ doc: Record<string, unknown>; ops: OpenApiOperation[] }> {
  const res = await send({ method: "GET", path: "/api/openapi.json", headers: {} });
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  const doc = JSON.parse(res.text) as { paths: Record<string, Record<string, Record<string, unknown>>> };
  const ops: OpenApiOperation[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, o] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const params = (o.parameters as { name: string; in: string; schema: JsonSchema }[] | undefined) ?? [];
      const body = (o.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content?.["application/json"]?.schema;
      const success = Object.entries((o.responses as Record<string, { content?: Record<string, unknown> }>) ?? {}).find(([s]) => /^2/.test(s))?.[1];
      ops.push({
        key: `${method.toUpperCase()} ${p}`,
        method: method.toUpperCase(),
        path: p,
        operationId: String(o.operationId),
        role: Array.isArray(o.security) && o.security.length === 0 ? "public" : ((o["x-switchyard-role"] as Role) ?? "viewer"),
        surface: surfaceOf(p),
        pathParams: params.filter((x) => x.in === "path").map((x) => x.name),
        queryParams: params.filter((x) => x.in === "query").map((x) => ({ name: x.name, schema: x.schema })),
        body,
        responseType: success?.content ? Object.keys(success.content)[0] : undefined,
      });
    }
  }
  return { doc, ops };
}

/** A plausible value for a JSON Schema (the first enum value, minimal lengths): fuzzing mutates it. */
export function sampleFor(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 5) return null;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ("default" in schema && schema.default !== undefined) return schema.default;
  for (const k of ["oneOf", "anyOf", "allOf"]) {
    const alts = schema[k] as JsonSchema[] | undefined;
    if (alts?.length) return sampleFor(alts.find((a) => a.type !== "null") ?? alts[0], depth + 1);
  }
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== "null") : (schema.type as string | undefined);
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries((schema.properties as Record<string, JsonSchema>) ?? {})) out[k] = sampleFor(v, depth + 1);
      return out;
    }
    case "array":
      return (schema.minItems as number) > 0 ? [sampleFor(schema.items as JsonSchema, depth + 1)] : [];
    case "string":
      if (schema.format === "date-time") return new Date(0).toISOString();
      if (schema.format === "email") return `fuzz-${crypto.randomBytes(3).toString("hex")}@e2e.test`;
      return "f".repeat(Math.max(1, Number(schema.minLength ?? 1)));
    case "integer":
    case "number":
      return Number(schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Number(schema.exclusiveMinimum) + 1 : 1));
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return {};
  }
}

// --- the database ----------------------------------------------------------------------------

export const dataDir = () => process.env.E2E_DATA_DIR!;
export const consoleDb = () => path.join(dataDir(), "console.db");

// Tables a rejected request may legitimately write to: the audit log records refusals, the
// sign-in limiter records failed attempts; and run_logs, which a run started by an earlier,
// accepted request keeps appending to in the background.
const COUNT_EXEMPT = /^(audit_events|run_logs|sqlite_.*|__drizzle.*)$|sign_?in|attempt|limit|lockout/i;

/** Row counts of every table of console.db, read-only. */
export function rowCounts(db: Database.Database): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  const out: Record<string, number> = {};
  for (const { name } of tables) if (!COUNT_EXEMPT.test(name)) out[name] = (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
  return out;
}

export function openReadOnly(): Database.Database {
  return new Database(consoleDb(), { readonly: true, fileMustExist: true, timeout: 10_000 });
}

/** Only for states the API cannot produce (a token that has expired): one write, then closed. */
export function writeConsoleDb(sql: string, ...args: unknown[]) {
  const db = new Database(consoleDb(), { timeout: 10_000 });
  try {
    db.prepare(sql).run(...args);
  } finally {
    db.close();
  }
}

// --- principals ------------------------------------------------------------------------------

export type Principal = { id: number; email: string; password: string; role: Role; cookie: string; token: string; tokenId: number; ctx: APIRequestContext };

export const strongPassword = () => `Sy-${crypto.randomBytes(12).toString("base64url")}-q7`;

/** Signs in like the console's client, from a random TEST-NET address; the context sends a same-origin Origin. */
export async function cookieContext(email: string, password: string, xff = randomXff()): Promise<{ ctx: APIRequestContext; cookie: string }> {
  const ctx = await playwrightRequest.newContext({ baseURL: baseURL(), extraHTTPHeaders: { origin: baseURL() } });
  const { csrfToken } = await (await ctx.get("/api/auth/csrf", { headers: { "x-forwarded-for": xff } })).json();
  const res = await ctx.post("/api/auth/callback/credentials", { form: { email, password, csrfToken, json: "true", callbackUrl: "/" }, maxRedirects: 0, headers: { "x-forwarded-for": xff } });
  expect(res.status(), `sign-in of ${email}: ${await res.text()}`).toBe(200);
  const cookies = (await ctx.storageState()).cookies.filter((c) => /next-auth\.session-token$/.test(c.name));
  expect(cookies.length, `no session cookie for ${email}`).toBeGreaterThan(0);
  return { ctx, cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") };
}

export async function adminContext() {
  return cookieContext(admin().email, admin().password);
}

export async function createToken(ctx: APIRequestContext, data: Record<string, unknown> = {}): Promise<{ token: string; id: number }> {
  const res = await ctx.post("/api/tokens", { data: { name: unique("sec-token"), ...data } });
  expect(res.status(), await res.text()).toBe(201);
  const body = await res.json();
  return { token: body.token, id: body.record.id };
}

/** A new user of this role, signed in, with a token of its own role made through its cookie. */
export async function principal(adminCtx: APIRequestContext, role: Role, label: string = role): Promise<Principal> {
  const email = `${unique(`sec-${label}`)}@e2e.test`;
  const password = strongPassword();
  const res = await adminCtx.post("/api/users", { data: { email, password, role } });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = await res.json();
  const { ctx, cookie } = await cookieContext(email, password);
  const t = await createToken(ctx);
  return { id, email, password, role, cookie, token: t.token, tokenId: t.id, ctx };
}

export const ROLE_RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** Percent-encodes every UTF-8 byte outside the unreserved set (lone surrogates become U+FFFD). */
export function pctEncode(s: string): string {
  return [...Buffer.from(s, "utf8")].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`)).join("");
}

/** Fills a path template; values are inserted as given (already encoded). */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "missing");
}

export function writeArtifact(name: string, text: string): string {
  const dir = path.resolve(import.meta.dirname, "..", "..", "test-results", "security");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

// --- throwaway objects for path parameters ----------------------------------------------------

export type Objects = { user: string; token: string; rest: string; druid: string; druidName: string; database: string; table: string; feed: string; run?: string };

async function created(res: Awaited<ReturnType<APIRequestContext["post"]>>, status = 201): Promise<any> {
  expect(res.status(), await res.text()).toBe(status);
  return res.json();
}

/**
 * One of each kind of object, made by this admin for a test's own use: nothing else refers to
 * them, so fuzzing or deleting them disturbs no other test. `withRun` also makes a finished run.
 */
export async function makeObjects(adminCtx: APIRequestContext, label: string, withRun = false): Promise<Objects> {
  const tag = `${label}_${crypto.randomBytes(3).toString("hex")}`;
  const user = await created(await adminCtx.post("/api/users", { data: { email: `${unique(`sec-${label}`)}@e2e.test`, password: strongPassword(), role: "viewer" } }));
  const token = await created(await adminCtx.post("/api/tokens", { data: { name: `sec-${tag}` } }));
  const rest = await created(await adminCtx.post("/api/connections", { data: { name: `sec_${tag}`, authType: "none" } }));
  const druidName = `sec_druid_${tag}`;
  const druid = await created(await adminCtx.post("/api/druid-connections", { data: { name: druidName, queryHosts: ["127.0.0.2:8082"] } }));
  const file = path.join(process.env.E2E_SQLITE_DIR!, `sec_${tag}.db`);
  const sq = new Database(file);
  sq.exec("CREATE TABLE plants (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO plants (name) VALUES ('fern');");
  sq.close();
  const database = await created(await adminCtx.post("/api/v1/database-connections", { data: { alias: `sec_db_${tag}`, use_ssh: false, connection_uri: `sqlite:///${path.basename(file)}` } }));
  const tables = await adminCtx.get(`/api/databases/${database.id}/tables`);
  expect(tables.status()).toBe(200);
  const table = ((await tables.json()).tables as { id: string | number }[])[0];
  expect(table, "the SQLite connection has a table description").toBeTruthy();
  const feed = await created(await adminCtx.post("/api/feeds", { data: { name: `sec_feed_${tag}`, status: "draft" } }));
  const out: Objects = { user: String(user.id), token: String(token.record.id), rest: String(rest.id), druid: String(druid.id), druidName, database: String(database.id), table: String(table.id), feed: String(feed.id) };
  if (withRun) {
    const run = await created(await adminCtx.post("/api/feeds/test?wait=true", { data: { language: "python", script: 'from lib import outputStream\noutputStream.write({"x": 1})\n' } }), 200);
    out.run = String(run.id);
  }
  return out;
}

/** The throwaway object a path parameter of this operation names. */
export function objectFor(template: string, param: string, o: Objects): string {
  if (/^\/api\/users\//.test(template)) return o.user;
  if (/^\/api\/tokens\//.test(template)) return o.token;
  if (/^\/api\/connections\//.test(template)) return o.rest;
  if (/^\/api\/druid-connections\//.test(template)) return o.druid;
  if (/^\/api\/v1\/connections\//.test(template)) return encodeURIComponent(o.druidName);
  if (/^\/api\/databases\/tables\//.test(template) || /^\/api\/(v1\/)?table-descriptions\//.test(template)) return o.table;
  if (/^\/api\/databases\//.test(template) || /^\/api\/(v1\/)?database-connections\//.test(template) || /^\/zoomdata\/service\/connections\//.test(template)) return o.database;
  if (/^\/api\/(feeds|hooks\/feeds)\//.test(template)) return o.feed;
  if (/^\/api\/runs\//.test(template)) return o.run ?? "999999999";
  // Provisioning (issue 8): the suite's server has no backend configured, so these answer 400 or 404.
  if (/^\/(provisioning|queue)\//.test(template) || /^\/api\/provisioning\//.test(template)) return param === "backend" ? "mysql" : "999999999";
  throw new Error(`No throwaway object for {${param}} of ${template}: add one to makeObjects/objectFor in e2e/support/security-world.ts`);
}
