import { expect, test, type APIRequestContext } from "@playwright/test";
import {
  adminContext,
  cookieContext,
  createToken,
  fillPath,
  makeObjects,
  objectFor,
  openApiOperations,
  pool,
  principal,
  randomXff,
  ROLE_RANK,
  strongPassword,
  send,
  writeArtifact,
  writeConsoleDb,
  type Objects,
  type OpenApiOperation,
  type Principal,
  type Role,
} from "../support/security-world";

// The authorization matrix: every operation of the OpenAPI document x every kind of credential ->
// the status class it must get. The table below is the expected truth, kept by hand: an operation
// in the document without a row fails the test, and so does a row for an operation that is gone.
//   public  - anyone; an invalid token may be refused with 401, never 403
//   webhook - public in the document, but only the feed's webhook secret starts a run: every
//             credential here is refused (401/403) because none sends that secret
//   owner   - any signed-in role acts on its own objects, admins on anyone's; other users are
//             refused (403, or 404 so as not to reveal the object)
//   viewer / editor / admin - the minimum role; below it 403, without credentials 401
// Invalid credentials (expired, revoked, a disabled user's, sessions that a sign-out, password
// change, reset or disable-then-enable ended, a token minted by a since-revoked token) get 401.
// Allowed means neither 401 nor 403 (a 404 or 422 on the throwaway objects and the invalid `[]`
// body sent to every operation that takes one is allowed: the request got past authorization,
// and the invalid body keeps the settings and users unchanged).

// "session": a signed-in user of any role, never an API token (sign out everywhere).
type Rule = "public" | "webhook" | "owner" | "session" | Role;

const MATRIX: Record<string, Rule> = {
  "GET /api/openapi.json": "public",
  "GET /api/health": "public",
  "GET /api/me": "viewer",
  "POST /api/me/password": "viewer",
  "POST /api/me/sign-out-everywhere": "session",
  "GET /api/users": "admin",
  "POST /api/users": "admin",
  "PATCH /api/users/{id}": "admin",
  "POST /api/users/{id}/password": "admin",
  "POST /api/users/{id}/sign-out-everywhere": "admin",
  "POST /api/users/{id}/unlock": "admin",
  "GET /api/tokens": "viewer",
  "POST /api/tokens": "viewer",
  "DELETE /api/tokens/{id}": "owner",
  "GET /api/audit": "admin",
  "GET /api/settings/general": "viewer",
  "PUT /api/settings/general": "admin",
  "GET /api/settings/warehouse": "viewer",
  "PUT /api/settings/warehouse": "admin",
  "GET /api/settings/warehouse/affected-feeds": "admin",
  "GET /api/settings/network": "viewer",
  "PUT /api/settings/network": "admin",
  "GET /api/settings/runs": "viewer",
  "PUT /api/settings/runs": "admin",
  "GET /api/connections": "viewer",
  "POST /api/connections": "editor",
  "GET /api/connections/{id}": "viewer",
  "PATCH /api/connections/{id}": "editor",
  "DELETE /api/connections/{id}": "editor",
  "POST /api/connections/{id}/test": "editor",
  "POST /api/connections/test": "editor",
  "GET /api/druid-connections": "viewer",
  "POST /api/druid-connections": "editor",
  "GET /api/druid-connections/{id}": "viewer",
  "PUT /api/druid-connections/{id}": "editor",
  "DELETE /api/druid-connections/{id}": "editor",
  "GET /api/databases": "viewer",
  "POST /api/databases": "editor",
  "POST /api/databases/test": "editor",
  "GET /api/databases/{id}": "viewer",
  "PUT /api/databases/{id}": "editor",
  "DELETE /api/databases/{id}": "editor",
  "POST /api/databases/{id}/test": "editor",
  "GET /api/databases/{id}/tables": "viewer",
  "POST /api/databases/{id}/tables/scan": "editor",
  "POST /api/databases/{id}/tables/refresh": "editor",
  "GET /api/databases/tables/{tableId}": "viewer",
  "PATCH /api/databases/tables/{tableId}": "editor",
  "GET /api/feeds": "viewer",
  "POST /api/feeds": "editor",
  "GET /api/feeds/{id}": "viewer",
  "PATCH /api/feeds/{id}": "editor",
  "DELETE /api/feeds/{id}": "editor",
  "DELETE /api/feeds/{id}/state": "editor",
  "POST /api/feeds/{id}/test": "editor",
  "POST /api/feeds/test": "editor",
  "GET /api/export": "editor",
  "POST /api/import": "editor",
  "GET /api/feeds/{id}/runs": "viewer",
  "POST /api/feeds/{id}/runs": "editor",
  "GET /api/feeds/{id}/state": "viewer",
  "GET /api/feeds/{id}/columns": "viewer",
  "PUT /api/feeds/{id}/state": "editor",
  "POST /api/feeds/{id}/webhook-secret": "editor",
  "POST /api/hooks/feeds/{id}": "webhook",
  "GET /api/runs/{id}": "viewer",
  "GET /api/runs/{id}/logs": "viewer",
  "GET /api/runs/{id}/events": "viewer",
  "POST /api/runs/{id}/cancel": "editor",
  "POST /api/triggers/preview": "viewer",
  "GET /api/v1/connections": "viewer",
  "GET /api/v1/connections/{name}": "viewer",
  "POST /api/v1/connections": "editor",
  "DELETE /api/v1/connections/{name}": "editor",
  "POST /api/v1/database-connections": "editor",
  "GET /api/v1/database-connections": "viewer",
  "GET /api/v1/database-connections/{id}": "viewer",
  "PUT /api/v1/database-connections/{id}": "editor",
  "GET /api/v1/table-descriptions": "viewer",
  "GET /api/v1/table-descriptions/{id}": "viewer",
  "PUT /api/v1/table-descriptions/{id}": "editor",
  "POST /api/v1/table-descriptions/sync-schemas": "editor",
  "POST /api/v1/table-descriptions/refresh": "editor",
  "GET /api/v1/heartbeat": "public",
  "POST /api/database-connections": "editor",
  "GET /api/database-connections": "viewer",
  "GET /api/database-connections/{id}": "viewer",
  "PUT /api/database-connections/{id}": "editor",
  "GET /api/database-connections/drivers": "viewer",
  "GET /api/table-descriptions": "viewer",
  "GET /api/table-descriptions/{id}": "viewer",
  "PUT /api/table-descriptions/{id}": "editor",
  "POST /api/table-descriptions/sync-schemas": "editor",
  "GET /heartbeat": "public",
  "GET /zoomdata/service/connection/types": "admin",
  "GET /zoomdata/service/connections": "admin",
  "POST /zoomdata/service/connections": "admin",
  "GET /zoomdata/service/connections/{id}": "admin",
  "PUT /zoomdata/service/connections/{id}": "admin",
  "DELETE /zoomdata/service/connections/{id}": "admin",
  "GET /zoomdata/service/connections/{id}/schema": "admin",
  "GET /zoomdata/service/connections/{id}/objects": "admin",
  "POST /provisioning/{backend}": "editor",
  "GET /provisioning/{backend}": "editor",
  "GET /provisioning/{backend}/{id}": "editor",
  "DELETE /provisioning/{backend}/{id}": "editor",
  "POST /provisioning/{backend}/{id}/kill": "editor",
  "POST /provisioning/{backend}/{id}/extend": "editor",
  "POST /provisioning/async/{backend}": "editor",
  "POST /provisioning/async/{backend}/transformation": "editor",
  "DELETE /provisioning/async/{backend}/{id}": "editor",
  "GET /queue/job/{id}": "editor",
  "GET /api/provisioning": "editor",
  "GET /api/provisioning/credentials/{id}": "editor",
  "DELETE /api/provisioning/credentials/{id}": "editor",
  "POST /api/provisioning/credentials/{id}/password": "editor",
  "POST /api/provisioning/credentials/{id}/extend": "editor",
  "POST /api/provisioning/credentials/{id}/kill": "editor",
  "GET /api/settings/provisioning": "admin",
  "PUT /api/settings/provisioning": "admin",
};

type Expect = "401" | "403" | "allowed" | "denied" | "refused" | "401-or-allowed";
type Credential = { name: string; headers: Record<string, string>; kind: "none" | "role" | "invalid" | "basic" | "other"; role?: Role };

const TOKEN_HEADERS = ["authorization", "x-imply-api-token", "x-storageapi-token", "x-api-key"] as const;
const tokenHeader = (h: (typeof TOKEN_HEADERS)[number], token: string) => ({ [h]: h === "authorization" ? `Bearer ${token}` : token });

function expected(rule: Rule, op: OpenApiOperation, c: Credential): Expect {
  if (rule === "webhook") return "refused";
  if (rule === "public") return c.kind === "invalid" ? "401-or-allowed" : "allowed";
  if (c.kind === "none" || c.kind === "invalid") return "401";
  if (c.kind === "basic") {
    if (op.surface !== "zoomdata") return "401";
    return c.role === "admin" && (rule === "owner" || rule === "session" || ROLE_RANK[c.role] >= ROLE_RANK[rule]) ? "allowed" : "403";
  }
  const role = c.role!;
  if (rule === "session") return c.name.includes("cookie") ? "allowed" : "403";
  // The owner-scoped object belongs to the viewer whose cookie and tokens are in this matrix.
  if (rule === "owner") return c.kind === "other" ? "denied" : role === "admin" || role === "viewer" ? "allowed" : "denied";
  return ROLE_RANK[role] >= ROLE_RANK[rule] ? "allowed" : "403";
}

function matches(e: Expect, status: number): boolean {
  switch (e) {
    case "401":
      return status === 401;
    case "403":
      return status === 403;
    case "allowed":
      return status !== 401 && status !== 403 && status < 500;
    case "refused":
      return status === 401 || status === 403;
    case "denied":
      return status === 403 || status === 404;
    case "401-or-allowed":
      return status !== 403 && status < 500;
  }
}

let ops: OpenApiOperation[];
let creds: Credential[];
let objects: Objects;
let doomed: Objects;
let ownedToken: string;
let adminCtx: APIRequestContext;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  adminCtx = (await adminContext()).ctx;
  ops = (await openApiOperations()).ops;
  const p: Record<Role, Principal> = {
    viewer: await principal(adminCtx, "viewer", "mx-viewer"),
    editor: await principal(adminCtx, "editor", "mx-editor"),
    admin: await principal(adminCtx, "admin", "mx-admin"),
  };
  const other = await principal(adminCtx, "viewer", "mx-other");
  const disabled = await principal(adminCtx, "editor", "mx-disabled");
  const disable = await adminCtx.patch(`/api/users/${disabled.id}`, { data: { disabled: true } });
  expect(disable.status(), await disable.text()).toBe(200);
  // The API's shortest expiry is 1h, so the expired token is made with it and its expires_at is
  // then written into the past directly in console.db (the only state the API cannot produce).
  const expiring = await createToken(p.editor.ctx, { expiresIn: "1h" });
  writeConsoleDb("UPDATE api_tokens SET expires_at = ? WHERE id = ?", Date.now() - 60_000, expiring.id);
  const revoked = await createToken(p.editor.ctx);
  expect((await p.editor.ctx.delete(`/api/tokens/${revoked.id}`, { data: {} })).status()).toBe(200);
  ownedToken = String((await createToken(p.viewer.ctx, { name: "mx-owned" })).id);
  // Sessions that must be dead (item 3 of issue 9): replayed after sign-out, from before a
  // password change, an admin's reset, and disable-then-enable; and an admin's reset revokes tokens.
  const stale: Credential[] = [];
  {
    const u = await principal(adminCtx, "editor", "mx-signout");
    const { csrfToken } = await (await u.ctx.get("/api/auth/csrf", { headers: { "x-forwarded-for": randomXff() } })).json();
    const out = await u.ctx.post("/api/auth/signout", { form: { csrfToken, json: "true" }, maxRedirects: 0, headers: { "x-forwarded-for": randomXff() } });
    expect(out.status(), await out.text()).toBeLessThan(400);
    stale.push({ name: "cookie replayed after sign-out", headers: { cookie: u.cookie, origin: process.env.E2E_BASE_URL! }, kind: "invalid" });
  }
  {
    const u = await principal(adminCtx, "editor", "mx-pwchange");
    const r = await u.ctx.post("/api/me/password", { data: { currentPassword: u.password, newPassword: strongPassword() } });
    expect(r.status(), await r.text()).toBe(204);
    stale.push({ name: "cookie from before a password change", headers: { cookie: u.cookie, origin: process.env.E2E_BASE_URL! }, kind: "invalid" });
  }
  {
    const u = await principal(adminCtx, "editor", "mx-reset");
    const r = await adminCtx.post(`/api/users/${u.id}/password`, { data: { password: strongPassword() } });
    expect(r.status(), await r.text()).toBe(204);
    stale.push({ name: "cookie from before an admin's reset", headers: { cookie: u.cookie, origin: process.env.E2E_BASE_URL! }, kind: "invalid" });
    stale.push({ name: "token of a user an admin reset", headers: tokenHeader("authorization", u.token), kind: "invalid" });
  }
  {
    const u = await principal(adminCtx, "editor", "mx-reenabled");
    expect((await adminCtx.patch(`/api/users/${u.id}`, { data: { disabled: true } })).status()).toBe(200);
    expect((await adminCtx.patch(`/api/users/${u.id}`, { data: { disabled: false } })).status()).toBe(200);
    stale.push({ name: "cookie from before disable-then-enable", headers: { cookie: u.cookie, origin: process.env.E2E_BASE_URL! }, kind: "invalid" });
  }
  // Tokens minting tokens (item 2): either refused, or the child dies with its revoked parent.
  {
    const parent = await createToken(p.editor.ctx, { expiresIn: "1h" });
    const child = await send({ method: "POST", path: "/api/tokens", headers: { authorization: `Bearer ${parent.token}`, "content-type": "application/json" }, body: JSON.stringify({ name: "mx-child" }) });
    if (child.status === 201) {
      expect((await p.editor.ctx.delete(`/api/tokens/${parent.id}`, { data: {} })).status()).toBe(200);
      stale.push({ name: "token minted by a since-revoked token", headers: tokenHeader("authorization", JSON.parse(child.text).token), kind: "invalid" });
    } else expect([401, 403], `a token creating a token: ${child.text}`).toContain(child.status);
  }
  objects = await makeObjects(adminCtx, "matrix", true);
  doomed = await makeObjects(adminCtx, "matrixdel");
  doomed.run = objects.run;
  const origin = process.env.E2E_BASE_URL!;
  creds = [
    { name: "no credential", headers: {}, kind: "none" },
    ...(["viewer", "editor", "admin"] as Role[]).map((role) => ({ name: `${role} cookie`, headers: { cookie: p[role].cookie, origin }, kind: "role" as const, role })),
    ...(["viewer", "editor", "admin"] as Role[]).flatMap((role) => TOKEN_HEADERS.map((h) => ({ name: `${role} token in ${h}`, headers: tokenHeader(h, p[role].token), kind: "role" as const, role }))),
    { name: "expired token", headers: tokenHeader("authorization", expiring.token), kind: "invalid" },
    { name: "revoked token", headers: tokenHeader("x-api-key", revoked.token), kind: "invalid" },
    { name: "disabled user's cookie", headers: { cookie: disabled.cookie, origin }, kind: "invalid" },
    { name: "disabled user's token", headers: tokenHeader("authorization", disabled.token), kind: "invalid" },
    { name: "another viewer's token", headers: tokenHeader("authorization", other.token), kind: "other", role: "viewer" },
    ...stale,
    { name: "admin Basic", headers: { authorization: `Basic ${Buffer.from(`${p.admin.email}:${p.admin.password}`).toString("base64")}` }, kind: "basic", role: "admin" },
    { name: "editor Basic", headers: { authorization: `Basic ${Buffer.from(`${p.editor.email}:${p.editor.password}`).toString("base64")}` }, kind: "basic", role: "editor" },
  ];
});

test.afterAll(async () => {
  for (const id of [objects?.feed, doomed?.feed]) if (id) await adminCtx.patch(`/api/feeds/${id}`, { data: { status: "paused" } });
});

test("the matrix has exactly one row per operation of the OpenAPI document, and the document states each row's role", () => {
  const documented = ops.map((o) => o.key).sort();
  const rows = Object.keys(MATRIX).sort();
  expect(documented.filter((k) => !rows.includes(k)), "operations without a row in MATRIX").toEqual([]);
  expect(rows.filter((k) => !documented.includes(k)), "rows in MATRIX for operations that no longer exist").toEqual([]);
  const documentedRole = (rule: Rule) => (rule === "owner" || rule === "session" ? "viewer" : rule === "webhook" ? "public" : rule);
  expect(ops.filter((o) => documentedRole(MATRIX[o.key]) !== o.role).map((o) => `${o.key}: document says ${o.role}, matrix ${MATRIX[o.key]}`)).toEqual([]);
});

test("every operation x every credential gets the status class of the matrix", async () => {
  test.setTimeout(300_000);
  // Basic (an argon2 check each) is tried on every Zoomdata operation, and on one native, Pivot and
  // Dataherald operation each to prove the other surfaces do not take it.
  const basicElsewhere = new Set(["GET /api/me", "GET /api/v1/connections", "GET /api/v1/database-connections"]);
  const cells = ops
    .filter((o) => MATRIX[o.key])
    .flatMap((op) => creds.filter((c) => c.kind !== "basic" || op.surface === "zoomdata" || basicElsewhere.has(op.key)).map((c) => ({ op, c })));
  // "Sign out everywhere" ends every session of the user it is sent for: with the matrix's own
  // cookies it would kill them for the other cells. Those cells use a throwaway user of the role.
  const throwaway: Partial<Record<Role, string>> = {};
  for (const { op, c } of cells) {
    if (MATRIX[op.key] === "session" && c.kind === "role" && c.name.includes("cookie") && !throwaway[c.role!]) throwaway[c.role!] = (await principal(adminCtx, c.role!, "mx-session")).cookie;
  }
  const started = Date.now();
  const results = await pool(cells, 6, async ({ op, c }) => {
    const rule = MATRIX[op.key];
    if (rule === "session" && c.kind === "role" && c.name.includes("cookie")) c = { ...c, headers: { ...c.headers, cookie: throwaway[c.role!]! } };
    const values = Object.fromEntries(op.pathParams.map((n) => [n, rule === "owner" ? ownedToken : objectFor(op.path, n, op.method === "DELETE" ? doomed : objects)]));
    const headers: Record<string, string> = { ...c.headers };
    let body: string | undefined;
    if (op.body) {
      body = "[]";
      headers["content-type"] = "application/json";
    } else if (["POST", "PUT", "PATCH", "DELETE"].includes(op.method)) {
      // As the console sends a bodiless write: JSON, so a cookie's CSRF check never answers first.
      body = "{}";
      headers["content-type"] = "application/json";
    }
    const res = await send({ method: op.method, path: fillPath(op.path, values), headers, body });
    const want = expected(rule, op, c);
    return { key: op.key, cred: c.name, want, status: res.status, ok: matches(want, res.status), text: res.text.slice(0, 160) };
  });
  const wrong = results.filter((r) => !r.ok);
  const report = [
    `authorization matrix: ${ops.length} operations x ${creds.length} credentials (Basic on Zoomdata and 3 others) = ${results.length} cells in ${((Date.now() - started) / 1000).toFixed(1)} s, ${wrong.length} wrong`,
    "wrong cells per credential:",
    ...Object.entries(wrong.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.cred]: (acc[r.cred] ?? 0) + 1 }), {})).map(([c, n]) => `  ${n}x ${c}`),
    ...wrong.map((r) => `  ${r.key} with ${r.cred}: expected ${r.want}, got ${r.status} ${r.text.replace(/\s+/g, " ")}`),
  ].join("\n");
  console.log(report.split("\n").slice(0, 80).join("\n"));
  writeArtifact("authorization-matrix.txt", report);
  await test.info().attach("authorization-matrix", { body: report, contentType: "text/plain" });
  expect(wrong.length, report).toBe(0);
});

test("the webhook trigger takes its own secret and nothing else", async () => {
  // The matrix proves no API credential starts a run through the hook; this proves the secret does.
  const created = await adminCtx.post("/api/feeds", { data: { status: "draft", trigger: { type: "webhook" } } });
  expect(created.status(), await created.text()).toBe(201);
  const feed = await created.json();
  const rotated = await adminCtx.post(`/api/feeds/${feed.id}/webhook-secret`, { data: {} });
  expect(rotated.status(), await rotated.text()).toBe(200);
  const secret = (await rotated.json()).webhookSecret as string;
  expect(secret).toBeTruthy();
  const wrong = await send({ method: "POST", path: `/api/hooks/feeds/${feed.id}`, headers: { "x-webhook-secret": `${secret}x` } });
  expect([401, 403]).toContain(wrong.status);
  const right = await send({ method: "POST", path: `/api/hooks/feeds/${feed.id}`, headers: { "x-webhook-secret": secret } });
  expect([401, 403], right.text).not.toContain(right.status);
  expect(right.status).toBeLessThan(500);
});

test("a viewer's 403 names the forbidden code, and cookie sign-in works for each role", async () => {
  const v = await principal(adminCtx, "viewer", "mx-forbidden");
  const res = await v.ctx.get("/api/users");
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("forbidden");
  const again = await cookieContext(v.email, v.password);
  expect((await again.ctx.get("/api/me")).status()).toBe(200);
});
