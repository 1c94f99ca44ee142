import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { pgSchema } from "../support/databases";
import { startPlantedAuthApi, type PlantedAuthApi } from "../support/planted-auth-api";
import { PLANTED_CLIENTS, startPlantedTokenApi, type PlantedTokenApi } from "../support/planted-token-api";
import {
  adminContext,
  cookieContext,
  createToken,
  fillPath,
  openApiOperations,
  pool,
  principal,
  randomXff,
  send,
  strongPassword,
  writeArtifact,
  type OpenApiOperation,
  type Principal,
} from "../support/security-world";

// Plants a distinct random value in every secret field of every kind, then reads everything a
// person or a file can show: every GET of the OpenAPI document as admin, editor and viewer, every
// console page's HTML as each of them, the audit log, run logs, events and previews (of a run whose
// script prints its connection), the server log and the raw bytes of every file in DATA_DIR. No
// planted value may appear in any of them, as is, URL-encoded, JSON-escaped or base64-encoded.
// A value may appear only where it is handed over once on purpose: a created token's or a rotated
// webhook secret's own response.

const rand = (n = 9) => crypto.randomBytes(n).toString("hex");

type Planted = { label: string; value: string; needles: string[] };
const planted: Planted[] = [];

/** A new value; a value containing @ is also searched for by each of its parts. */
function plant(label: string, value = `pl${label.replace(/[^a-z]/gi, "").slice(0, 6)}${rand()}`): string {
  const parts = value.split(/[@;&=:/]/).filter((p) => p.length >= 12);
  planted.push({ label, value, needles: [...new Set([value, ...parts])] });
  return value;
}

/** The forms a value can hide in: as is, URL-encoded, JSON-escaped, base64 at any alignment (and base64url). */
function forms(v: string): string[] {
  const out = new Set([v, encodeURIComponent(v), encodeURIComponent(v).replace(/%20/g, "+"), JSON.stringify(v).slice(1, -1)]);
  for (let o = 0; o < 3; o++) {
    const b = Buffer.concat([Buffer.alloc(o, 0x20), Buffer.from(v)]).toString("base64");
    const core = b.slice(o ? 4 : 0, b.length - 4);
    if (core.length >= 10) {
      out.add(core);
      out.add(core.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }
  return [...out];
}

// What was read, by where it came from; values handed over once on purpose are listed per source.
const seen: { where: string; text: string | Buffer; allowed?: string[] }[] = [];
const keep = (where: string, text: string | Buffer, allowed: string[] = []) => seen.push({ where, text, allowed });

let adminP: { ctx: APIRequestContext };
let users: Record<"admin" | "editor" | "viewer", Principal>;
let auth: PlantedAuthApi;
let tokenApi: PlantedTokenApi;
let dropSchema: (() => Promise<void>) | undefined;
let sandboxPassword = "";
const ids = { provisioning: [] as string[], rest: [] as string[], druid: [] as string[], druidName: [] as string[], database: [] as string[], table: [] as string[], feed: [] as string[], run: [] as string[], token: [] as string[], user: [] as string[] };

async function record(where: string, res: { status(): number; text(): Promise<string> }, allowed: string[] = []) {
  const text = await res.text();
  keep(where, text, allowed);
  return { status: res.status(), text, json: () => JSON.parse(text) };
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  auth = await startPlantedAuthApi("127.0.0.2");
  for (const [k, v] of Object.entries(auth.planted)) if (v.length >= 10) planted.push({ label: `custom auth server's ${k}`, value: v, needles: [v] });
  adminP = await adminContext();
  const a = adminP.ctx;
  users = { admin: await principal(a, "admin", "leak-admin"), editor: await principal(a, "editor", "leak-editor"), viewer: await principal(a, "viewer", "leak-viewer") };
  for (const u of Object.values(users)) {
    planted.push({ label: `${u.role} user's password`, value: u.password, needles: [u.password] });
    planted.push({ label: `${u.role} user's token`, value: u.token, needles: [u.token] });
  }
  const editor = users.editor.ctx;

  // User passwords: created, changed by the user, reset by an admin, and a wrong one tried.
  const pwUser = plant("created user password", `Cu-${rand()}-x`);
  const u = await record("create user", await a.post("/api/users", { data: { email: `leak-${rand(3)}@e2e.test`, password: pwUser, role: "viewer" } }));
  expect(u.status, u.text).toBe(201);
  ids.user.push(String(u.json().id));
  const uCtx = (await cookieContext(u.json().email, pwUser)).ctx;
  const changed = plant("changed password", `Ch-${rand()}-y`);
  expect((await record("own password change", await uCtx.post("/api/me/password", { data: { currentPassword: pwUser, newPassword: changed } }))).status).toBe(204);
  const reset = plant("reset password", `Rs-${rand()}-z`);
  expect((await record("admin reset", await a.post(`/api/users/${u.json().id}/password`, { data: { password: reset } }))).status).toBe(204);
  const wrong = plant("wrong sign-in password", `Wr-${rand()}-w`);
  {
    const anon = await cookieContext(users.viewer.email, users.viewer.password);
    const xff = randomXff();
    const { csrfToken } = await (await anon.ctx.get("/api/auth/csrf", { headers: { "x-forwarded-for": xff } })).json();
    await record("failed sign-in", await anon.ctx.post("/api/auth/callback/credentials", { form: { email: u.json().email, password: wrong, csrfToken, json: "true" }, maxRedirects: 0, headers: { "x-forwarded-for": xff } }));
  }

  // API tokens: the value is in its creation response only.
  const t = await createToken(editor, { name: "leak-token" });
  planted.push({ label: "API token", value: t.token, needles: [t.token] });
  ids.token.push(String(t.id));

  // REST: Basic password; Custom Auth secret header, secret body key and a nested secret body path.
  const basicPw = plant("REST Basic password");
  const basic = await record("create REST basic", await editor.post("/api/connections", { data: { name: `leak_basic_${rand(3)}`, authType: "basic", username: "planter", password: basicPw } }));
  expect(basic.status, basic.text).toBe(201);
  ids.rest.push(basic.json().id);
  planted.push({ label: "REST Basic header", value: `planter:${basicPw}`, needles: [Buffer.from(`planter:${basicPw}`).toString("base64")] });
  const customHeader = plant("Custom Auth secret header");
  const customBody = plant("Custom Auth secret body value");
  const customNested = plant("Custom Auth nested secret body value");
  const custom = await record(
    "create REST custom",
    await editor.post("/api/connections", {
      data: {
        name: `leak_custom_${rand(3)}`,
        authType: "custom",
        authUrl: `${auth.url}/token`,
        method: "POST",
        headers: [{ key: "X-Api-Secret", value: customHeader, secret: true }, { key: "X-Plain", value: "visible", secret: false }],
        body: JSON.stringify({ client_id: "leak", client_secret: customBody, outer: { inner_secret: customNested } }),
        secretBodyKeys: ["client_secret", "outer.inner_secret"],
      },
    }),
  );
  expect(custom.status, custom.text).toBe(201);
  ids.rest.push(custom.json().id);

  // REST auth types beyond Peak's (issue 15): bearer, API key in a header and in the query, OAuth 2.0
  // (client secret as HTTP Basic with a secret extra body field; client secret in the body with a
  // refresh token the server rotates and stores back), a session token's login secrets. A server
  // checks each, so Test passing proves the values were really used; the tokens it issues (access,
  // rotated refresh, session) are planted too.
  const tv = {
    bearer: plant("REST bearer token"),
    apiKeyHeader: plant("REST API key in a header"),
    apiKeyQuery: plant("REST API key in the query"),
    clientSecretBasic: plant("OAuth client secret (Basic)"),
    extraBodySecret: plant("OAuth secret extra body field"),
    clientSecretBody: plant("OAuth client secret (body)"),
    refreshToken: plant("OAuth refresh token"),
    sessionHeader: plant("session token login secret header"),
    sessionPassword: plant("session token login secret body value"),
  };
  tokenApi = await startPlantedTokenApi("127.0.0.2", tv);
  planted.push({ label: "OAuth client (Basic) header", value: `${PLANTED_CLIENTS.basic}:${tv.clientSecretBasic}`, needles: [Buffer.from(`${PLANTED_CLIENTS.basic}:${tv.clientSecretBasic}`).toString("base64")] });
  const t15 = tokenApi.url;
  const newTypes: [string, Record<string, unknown>][] = [
    ["bearer", { authType: "bearer", token: tv.bearer, testUrl: `${t15}/check/bearer` }],
    ["API key header", { authType: "apiKey", keyIn: "header", keyName: "X-Leak-Key", keyValue: tv.apiKeyHeader, testUrl: `${t15}/check/key-header` }],
    ["API key query", { authType: "apiKey", keyIn: "query", keyName: "leak_key", keyValue: tv.apiKeyQuery, testUrl: `${t15}/check/key-query` }],
    [
      "OAuth client credentials",
      {
        authType: "oauth2",
        grantType: "client_credentials",
        tokenUrl: `${t15}/oauth/token`,
        clientId: PLANTED_CLIENTS.basic,
        clientSecret: tv.clientSecretBasic,
        clientAuth: "basic",
        scopes: "leak.read",
        extraBody: [{ key: "audience", value: "leak", secret: false }, { key: "audience_secret", value: tv.extraBodySecret, secret: true }],
        testUrl: `${t15}/check/oauth`,
      },
    ],
    ["OAuth refresh token", { authType: "oauth2", grantType: "refresh_token", tokenUrl: `${t15}/oauth/token`, clientId: PLANTED_CLIENTS.body, clientSecret: tv.clientSecretBody, refreshToken: tv.refreshToken, testUrl: `${t15}/check/oauth` }],
    [
      "session token",
      {
        authType: "sessionToken",
        authUrl: `${t15}/session/login`,
        method: "POST",
        headers: [{ key: "X-Login-Secret", value: tv.sessionHeader, secret: true }],
        body: JSON.stringify({ user: "leak", password: tv.sessionPassword }),
        secretBodyKeys: ["password"],
        tokenPath: "data.token",
        tokenIn: "header",
        tokenName: "X-Session",
        tokenPrefix: "Sess ",
      },
    ],
  ];
  for (const [label, data] of newTypes) {
    const name = `leak_${label.replace(/\W+/g, "_").toLowerCase()}_${rand(3)}`;
    // Test before save with the typed values (a refresh token is not spent there), then create and Test.
    await record(`test before save REST ${label}`, await editor.post("/api/connections/test", { data: { name, ...data } }));
    const created = await record(`create REST ${label}`, await editor.post("/api/connections", { data: { name, ...data } }));
    expect(created.status, created.text).toBe(201);
    ids.rest.push(created.json().id);
    const tested = await record(`test REST ${label}`, await editor.post(`/api/connections/${created.json().id}/test`, { data: {} }));
    expect(tested.json(), `${label}: ${tested.text} (token server refused: ${tokenApi.refused.join("; ")})`).toMatchObject({ ok: true });
    // Saved again with the masks as shown (the edit dialog's Save), as a dry run and for real.
    const shown = await record(`read REST ${label}`, await editor.get(`/api/connections/${created.json().id}`));
    await record(`dry-run save REST ${label}`, await editor.patch(`/api/connections/${created.json().id}?dryRun=true`, { data: shown.json() }));
    const saved = await record(`save REST ${label}`, await editor.patch(`/api/connections/${created.json().id}`, { data: shown.json() }));
    expect(saved.status, saved.text).toBe(200);
  }

  // Druid, native and through Pivot.
  const druidSecrets = { key: plant("Druid TLS key"), passphrase: plant("Druid passphrase"), sockPassword: plant("Druid SOCKS password") };
  const druidName = `leak_druid_${rand(3)}`;
  const druid = await record("create Druid", await editor.post("/api/druid-connections", { data: { name: druidName, queryHosts: ["127.0.0.2:8082"], ...druidSecrets } }));
  expect(druid.status, druid.text).toBe(201);
  ids.druid.push(String(druid.json().id));
  ids.druidName.push(druidName);
  const pivotName = `leak_pivot_${rand(3)}`;
  const pivotPass = plant("Pivot passphrase");
  const pivot = await record("create via Pivot", await editor.post("/api/v1/connections", { headers: { "x-imply-api-token": users.editor.token }, data: { connection: { name: pivotName, type: "druid", queryHosts: ["127.0.0.2:8082"], passphrase: pivotPass } } }));
  expect(pivot.status, pivot.text).toBeLessThan(300);
  ids.druidName.push(pivotName);

  // Dataherald: a URI password containing @ (PostgreSQL here trusts 127.0.0.1, so it connects), an
  // LLM key, a pwd= parameter, and SSH tunnel secrets (its test fails: only the answers are read).
  const [atA, atB] = [`At${rand()}`, `Bt${rand()}`];
  const atPw = plant("Dataherald URI password with @", `${atA}@${atB}`);
  const llm = plant("Dataherald LLM key");
  const { schema, drop } = await pgSchema(1, 2);
  dropSchema = drop;
  const dh = await record("create Dataherald", await editor.post("/api/v1/database-connections", { headers: { "x-api-key": users.editor.token }, data: { alias: `leak_dh_${rand(3)}`, use_ssh: false, connection_uri: `postgresql://postgres:${atPw}@127.0.0.1:5432/test?options=-csearch_path=${schema}`, llm_api_key: llm } }));
  expect(dh.status, dh.text).toBe(201);
  ids.database.push(dh.json().id);
  const pwd = plant("pwd= parameter");
  await record("Dataherald pwd=", await editor.post("/api/v1/database-connections", { headers: { "x-api-key": users.editor.token }, data: { alias: `leak_pwd_${rand(3)}`, connection_uri: `postgresql://postgres@127.0.0.1:5432/test?pwd=${pwd}` } }));
  await record("native test pwd=", await editor.post("/api/databases/test", { data: { alias: `leak_pwdt_${rand(3)}`, connection_uri: `mysql://root@127.0.0.1:3306/?pwd=${pwd}` } }));
  const [sshPw, sshKeyPw, sshKey] = [plant("SSH password"), plant("SSH private key password"), plant("SSH private key")];
  await record(
    "Dataherald SSH",
    await editor.post("/api/v1/database-connections", {
      headers: { "x-api-key": users.editor.token },
      data: { alias: `leak_ssh_${rand(3)}`, use_ssh: true, connection_uri: `postgresql://postgres:${plant("URI password behind SSH")}@127.0.0.1:5432/test`, ssh_settings: { host: "127.0.0.1", port: 1, username: "tunnel", password: sshPw, private_key: `-----BEGIN OPENSSH PRIVATE KEY-----\n${sshKey}\n-----END OPENSSH PRIVATE KEY-----`, private_key_password: sshKeyPw } },
    }),
  );

  // JDBC through Zoomdata: user:password@ in the URL, ;password= and the PASSWORD parameter.
  const zd = (name: string, JDBC_URL: string, extra: Record<string, unknown> = {}) =>
    send({ method: "POST", path: "/zoomdata/service/connections", headers: { authorization: `Bearer ${users.admin.token}`, "content-type": "application/json" }, body: JSON.stringify({ connectionTypeId: "SQL_POSTGRESQL", type: "SQL", subStorageType: "POSTGRESQL", name, parameters: { JDBC_URL, USER_NAME: "postgres", ...extra } }) });
  for (const [label, make] of [
    ["JDBC user:password@", (v: string) => `jdbc:postgresql://postgres:${v}@127.0.0.1:5432/test`],
    ["JDBC ;password=", (v: string) => `jdbc:postgresql://127.0.0.1:5432/test;password=${v}`],
    ["JDBC ?password=", (v: string) => `jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=${v}`],
  ] as const) {
    const r = await zd(`leak_zd_${rand(3)}`, make(plant(label)));
    keep(`Zoomdata create (${label})`, r.text);
    if (r.status === 201) ids.database.push(JSON.parse(r.text).id);
  }
  const zdPass = plant("Zoomdata PASSWORD");
  const zr = await zd(`leak_zdp_${rand(3)}`, "jdbc:postgresql://127.0.0.1:5432/test", { PASSWORD: zdPass });
  keep("Zoomdata create (PASSWORD)", zr.text);
  if (zr.status === 201) ids.database.push(JSON.parse(zr.text).id);

  // The warehouse password (its test fails on port 1, so the warehouse in use stays as it is).
  await record("warehouse", await a.put("/api/settings/warehouse", { data: { type: "postgres", host: "127.0.0.1", port: 1, database: "test", user: "postgres", password: plant("warehouse password") } }));

  // Provisioning (issue 8): an administrative URL with a password (PostgreSQL trusts 127.0.0.1 here,
  // so sandboxes are really created), a Snowflake password, and a sandbox's own password, which
  // only its owner's reads of /provisioning/... may show.
  const provisioning = await record(
    "provisioning settings",
    await a.put("/api/settings/provisioning", { data: { mysqlUrl: "", redshiftUrl: `postgresql://postgres:${plant("provisioning admin password")}@127.0.0.1:5432/test`, snowflake: { account: "", user: "", password: plant("Snowflake provisioning password"), warehouse: "" }, dockerHost: "" } }),
  );
  expect(provisioning.status, provisioning.text).toBe(200);
  const sandbox = await send({ method: "POST", path: "/provisioning/redshift-workspace", headers: { "x-storageapi-token": users.editor.token }, body: JSON.stringify({ type: "sandbox" }) });
  expect(sandbox.status, sandbox.text).toBe(201);
  sandboxPassword = JSON.parse(sandbox.text).credentials.password;
  ids.provisioning.push(JSON.parse(sandbox.text).id);
  planted.push({ label: "provisioned sandbox password", value: sandboxPassword, needles: [sandboxPassword] });
  keep("create sandbox", sandbox.text, [sandboxPassword]);

  // A webhook secret: shown in its creation and rotation answers only.
  const feedRes = await editor.post("/api/feeds", { data: { name: `leak_feed_${rand(3)}`, status: "draft", connectionId: ids.rest[0], trigger: { type: "webhook" } } });
  const feedText = await feedRes.text();
  expect(feedRes.status(), feedText).toBe(201);
  const feed = JSON.parse(feedText);
  ids.feed.push(String(feed.id));
  const rotated = await editor.post(`/api/feeds/${feed.id}/webhook-secret`, { data: {} });
  const rotatedText = await rotated.text();
  const secret = JSON.parse(rotatedText).webhookSecret as string;
  expect(secret, rotatedText).toBeTruthy();
  planted.push({ label: "webhook secret", value: secret, needles: [secret] });
  keep("rotate webhook secret", rotatedText, [secret]);
  if (feed.webhookSecret) planted.push({ label: "first webhook secret", value: feed.webhookSecret, needles: [feed.webhookSecret] });
  keep("create feed", feedText, [feed.webhookSecret].filter(Boolean));
  // The hook called with the secret: the secret must not be logged or audited.
  keep("webhook call", (await send({ method: "POST", path: `/api/hooks/feeds/${feed.id}?secret=${encodeURIComponent(secret)}`, headers: {} })).text);

  // Runs whose scripts print and write the connection object they are handed.
  const script = 'import json\nfrom lib import connection, outputStream\nprint(connection)\nprint(json.dumps(connection))\noutputStream.write({"connection": json.dumps(connection)})\nraise Exception(json.dumps(connection))\n';
  for (const connectionId of ids.rest) {
    const run = await record("test run", await editor.post("/api/feeds/test?wait=true", { data: { connectionId, language: "python", script }, timeout: 120_000 }));
    expect(run.status, run.text).toBe(200);
    ids.run.push(String(run.json().id));
  }

  const tables = await users.admin.ctx.get(`/api/databases/${ids.database[0]}/tables`);
  ids.table.push(...((await tables.json()).tables as { id: string | number }[]).slice(0, 2).map((t) => String(t.id)));
  // Every planted value must be distinct and long enough to mean something when found.
  expect(planted.filter((p) => p.needles.some((n) => n.length < 10)).map((p) => p.label)).toEqual([]);
});

test.afterAll(async () => {
  for (const id of ids.provisioning) await send({ method: "DELETE", path: `/provisioning/redshift-workspace/${id}`, headers: { "x-storageapi-token": users.editor.token } });
  await adminP?.ctx.put("/api/settings/provisioning", { data: { mysqlUrl: "", redshiftUrl: "", snowflake: { account: "", user: "", password: "", warehouse: "" }, dockerHost: "" } });
  await auth?.close();
  await tokenApi?.close();
  await dropSchema?.();
});

function valuesFor(op: OpenApiOperation): Record<string, string>[] {
  const t = op.path;
  const pick = (list: string[]) => list.map((v) => Object.fromEntries(op.pathParams.map((n) => [n, encodeURIComponent(v)])));
  if (!op.pathParams.length) return [{}];
  if (/^\/api\/users\//.test(t)) return pick(ids.user);
  if (/^\/api\/tokens\//.test(t)) return pick(ids.token);
  if (/^\/api\/connections\//.test(t)) return pick([...ids.rest, ...ids.druid, ...ids.database]);
  if (/^\/api\/druid-connections\//.test(t)) return pick(ids.druid);
  if (/^\/api\/v1\/connections\//.test(t)) return pick(ids.druidName);
  if (/^\/api\/databases\/tables\//.test(t) || /^\/api\/(v1\/)?table-descriptions\//.test(t)) return pick(ids.table);
  if (/^\/api\/databases\//.test(t) || /^\/api\/(v1\/)?database-connections\//.test(t) || /^\/zoomdata\/service\/connections\//.test(t)) return pick(ids.database);
  if (/^\/api\/(feeds|hooks\/feeds)\//.test(t)) return pick(ids.feed);
  if (/^\/api\/runs\//.test(t)) return pick(ids.run);
  if (/^\/queue\//.test(t)) return [{ id: "1" }];
  if (/^\/(api\/)?provisioning\//.test(t)) return ids.provisioning.map((id) => Object.fromEntries(op.pathParams.map((n) => [n, n === "backend" ? "redshift-workspace" : id])));
  throw new Error(`secret-leak.spec.ts has no planted objects for ${t}: add them`);
}

/** The console's pages, from app/(console)/**\/page.tsx, with planted ids in their dynamic segments. */
function consolePages(): string[] {
  const root = path.resolve(import.meta.dirname, "..", "..", "app", "(console)");
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name === "page.tsx") pages.push(`/${path.relative(root, dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/")}`);
    }
  };
  walk(root);
  return pages.flatMap((p) => {
    if (!p.includes("[")) return [p];
    const kind = p.split("/")[1];
    const list = kind === "databases" ? ids.database : kind === "feeds" ? ids.feed : kind === "runs" ? ids.run : kind === "connections" ? ids.rest : kind === "sandboxes" ? ids.provisioning : [];
    expect(list.length, `no planted object for the console page ${p}`).toBeGreaterThan(0);
    return list.map((id) => p.replace(/\[[^\]]+\]/g, encodeURIComponent(id)));
  });
}

test("no planted secret appears in any API answer, console page, log, audit event, run output or file of DATA_DIR", async () => {
  test.setTimeout(300_000);
  const { ops } = await openApiOperations();
  const gets = ops.filter((o) => o.method === "GET");
  const reads: { where: string; path: string; headers: Record<string, string> }[] = [];
  for (const [role, u] of Object.entries(users)) {
    const asCookie = { cookie: u.cookie };
    const asToken = u.role === "admin" ? { authorization: `Bearer ${u.token}` } : { authorization: `Bearer ${u.token}` };
    for (const op of gets) {
      for (const values of valuesFor(op)) {
        const p = fillPath(op.path, values);
        reads.push({ where: `${role} GET ${p}`, path: op.path === "/api/audit" ? "/api/audit?pageSize=200" : p, headers: op.surface === "native" ? asCookie : asToken });
      }
    }
    for (const runId of ids.run) {
      reads.push({ where: `${role} run logs`, path: `/api/runs/${runId}/logs?limit=5000`, headers: asCookie });
    }
    for (const page of consolePages()) reads.push({ where: `${role} page ${page}`, path: page, headers: asCookie });
  }
  // Every page of the audit log, as admin.
  for (let page = 2; page <= 20; page++) reads.push({ where: `admin audit page ${page}`, path: `/api/audit?pageSize=200&page=${page}`, headers: { cookie: users.admin.cookie } });
  const statuses = await pool(reads, 4, async (r) => {
    const res = await send({ method: "GET", path: r.path, headers: r.headers });
    // Keboola's API hands a sandbox's password to its owner (and admins) on every read, as its document shows.
    keep(r.where, res.text, r.path.startsWith("/provisioning/") ? [sandboxPassword] : []);
    return { where: r.where, status: res.status };
  });
  // The event stream of an ended run replays its log and closes.
  for (const runId of ids.run) {
    const res = await users.viewer.ctx.get(`/api/runs/${runId}/events`, { timeout: 30_000 });
    keep("viewer run events", await res.text());
  }
  const server5xx = statuses.filter((s) => s.status >= 500);
  expect(server5xx, "reads that failed with 5xx").toEqual([]);
  const pagesRead = statuses.filter((s) => /page \//.test(s.where) && s.status === 200).length;
  expect(pagesRead, "console pages rendered").toBeGreaterThan(10);

  keep("server log", fs.readFileSync(process.env.E2E_LOG_FILE!));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.isFile()) files.push(f);
    }
  };
  walk(process.env.E2E_DATA_DIR!);
  for (const f of files) keep(`DATA_DIR/${path.relative(process.env.E2E_DATA_DIR!, f)}`, fs.readFileSync(f));

  // The tokens the token server issued while the connections were tested, run and read.
  for (const t of tokenApi.issued) if (!planted.some((p) => p.value === t.value)) planted.push({ label: t.label, value: t.value, needles: [t.value] });
  expect(tokenApi.issued.filter((t) => t.label.includes("refresh")).length, "the refresh token was rotated at least once").toBeGreaterThan(0);

  const found: string[] = [];
  for (const p of planted) {
    for (const needle of p.needles) {
      for (const form of forms(needle)) {
        const bytes = Buffer.from(form);
        for (const s of seen) {
          if (s.allowed?.includes(p.value)) continue;
          const hit = Buffer.isBuffer(s.text) ? s.text.includes(bytes) : s.text.includes(form);
          if (hit) found.push(`${p.label} (${form === needle ? "as is" : "encoded"}${needle === p.value ? "" : ", a part of it"}) in ${s.where}`);
        }
      }
    }
  }
  const unique = [...new Set(found)];
  const report = [
    `secret leak scan: ${planted.length} planted values, ${seen.length} sources read (${reads.length} GETs and pages, ${files.length} files in DATA_DIR, the server log), ${unique.length} findings`,
    ...unique.map((f) => `  ${f}`),
    `planted: ${planted.map((p) => p.label).join("; ")}`,
  ].join("\n");
  console.log(report.split("\n").slice(0, 120).join("\n"));
  writeArtifact("secret-leak.txt", report);
  await test.info().attach("secret-leak", { body: report, contentType: "text/plain" });
  expect(unique, report).toEqual([]);
});
