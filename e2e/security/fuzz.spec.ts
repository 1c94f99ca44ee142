import crypto from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import fc from "fast-check";
import {
  adminContext,
  envelopeProblem,
  fillPath,
  makeObjects,
  objectFor,
  openApiOperations,
  openReadOnly,
  pctEncode,
  pool,
  principal,
  randomXff,
  rowCounts,
  sampleFor,
  send,
  surfaceOf,
  writeArtifact,
  type Objects,
  type OpenApiOperation,
  type Principal,
  type RawRequest,
  type RawResponse,
} from "../support/security-world";

// Fuzzes every operation of the OpenAPI document (so a new route is fuzzed without new code), the
// next-auth routes and unknown paths of every surface, with fast-check. Pass condition: no 5xx (nor
// a hang), every 4xx in the surface's error envelope, and no row added or removed in console.db by
// a batch of requests that were all rejected. SECURITY_FUZZ_REQUESTS overrides the count.

// 10,000 when run alone; CI=true (npm test) runs fewer so the project stays within its time.
const COUNT = Number(process.env.SECURITY_FUZZ_REQUESTS ?? (process.env.CI ? 3_000 : 10_000));
const CONCURRENCY = 6;
const SEED = Number(process.env.SECURITY_FUZZ_SEED ?? crypto.randomInt(2 ** 31));
const MB = 1024 * 1024;

// Routes outside the document: next-auth's, and unknown paths of each surface (they must answer
// JSON in that surface's envelope, never Next's HTML 404).
const EXTRA: OpenApiOperation[] = [
  ...["signin", "signout", "callback/credentials", "csrf", "session", "providers", "error", "_log", "signin/credentials", "verify-request", "nope"].flatMap((a) =>
    ["GET", "POST"].map((method) => ({ key: `${method} /api/auth/${a}`, method, path: `/api/auth/${a}`, operationId: `auth-${a}`, role: "public" as const, surface: "native" as const, pathParams: [], queryParams: [{ name: "error", schema: { type: "string" } }, { name: "callbackUrl", schema: { type: "string" } }], body: { type: "object", properties: { email: { type: "string" }, password: { type: "string" }, csrfToken: { type: "string" }, callbackUrl: { type: "string" } } } })),
  ),
  ...["/api/nope", "/api/v1/nope", "/api/v1/connections/{name}/nope", "/zoomdata/nope", "/zoomdata/service/nope", "/provisioning/mysql", "/provisioning/nope/1/kill", "/queue/job/1", "/queue/nope"].flatMap((p) =>
    ["GET", "POST", "DELETE"].map((method) => ({ key: `${method} ${p}`, method, path: p, operationId: `unknown-${p}`, role: "public" as const, surface: surfaceOf(p), pathParams: p.includes("{name}") ? ["name"] : [], queryParams: [], body: { type: "object" } })),
  ),
];

// Path segments that broke decoding, routing or lookups. No value decodes to a plausible numeric
// id, so no request reaches a real object other than the fuzz's own.
const HOSTILE_SEGMENTS = [
  "%C0%AE", "%C0%AE%C0%AE", "%", "%25", "%2", "%zz", "..%2F", "..%2F..%2Fconsole.db", "%2e%2e", "%2e%2e%2f", "..", ".", "%00", "a%00b", "%ED%A0%80", "%ED%BF%BF", "%FF%FE",
  "pct%2541", "%252e%252e%252f", "%E2%80%AE", "%3B", ";x", "%5C..%5C", "-1", "0", "99999999999999999999", "NaN", "null", "undefined", "__proto__", "constructor", "x".repeat(4000), "%F0%9F%92%A9", "%C3%28",
];
const ODD_METHODS = ["TRACE", "OPTIONS", "PATCH", "PUT", "DELETE", "HEAD", "PROPFIND"];
const WRONG_VALUES: unknown[] = [123, -1, 1.5, true, false, null, [], {}, "", "str", [[[]]], { a: { b: 1 } }, 1e300, "1e309"];
const QUERY_VALUES = ["abc", "-1", "0", "1e309", "99999999999999999999", "%00", "%", "%ZZ", "true", "[]", "%C0%AE", "%ED%A0%80", "x".repeat(4000), "a%00b"];
const UNKNOWN_FIELDS = `"id":1,"role":"admin","owner":1,"ownerId":1,"createdBy":1,"userId":1,"ciphertext":"v1:AAAA","passwordHash":"x","disabled":false,"__proto__":{"role":"admin","isAdmin":true},"constructor":{"prototype":{"role":"admin"}}`;
const deep = (n: number, kind: "object" | "array") => (kind === "object" ? `${'{"a":'.repeat(n)}1${"}".repeat(n)}` : `${"[".repeat(n)}${"]".repeat(n)}`);

type BodyMutation =
  | { kind: "wrongType"; prop: number; value: number }
  | { kind: "hugeString"; prop: number; size: number }
  | { kind: "badText"; prop: number; text: number }
  | { kind: "unknownFields" }
  | { kind: "deep"; prop: number; shape: "object" | "array"; levels: number }
  | { kind: "malformed"; which: number }
  | { kind: "nonObject"; which: number }
  | { kind: "none" };
const BAD_TEXT = ["a\u0000b", "\u0000", "\ud800", "x\udfffy", "\ud83d", "\u202e", "\uffff", "'; DROP TABLE users; --", "../../../../etc/passwd", "${7*7}{{7*7}}", "<script>alert(1)</script>"];
const MALFORMED: (string | Buffer)[] = ["{", '{"a":}', "nul", "[1,]", "{'a':1}", '{"a":1}{"b":2}', "NaN", '{"a":NaN}', "\ufeff{}", Buffer.from([0x7b, 0x22, 0xc0, 0xae, 0x22, 0x3a, 0x31, 0x7d]), Buffer.from([0xff, 0xfe, 0x7b, 0x00]), '{"a":"\\ud800"}', '{"a":"\\u0000"}', '"\\x"', " ".repeat(1000), "0".repeat(400)];
const NON_OBJECT = ["[]", '"x"', "1", "null", "true", "[{}]"];
const CONTENT_TYPES = ["application/json", "application/json", "application/json", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=fuzzb", "none"];

type Spec = {
  op: number;
  method: { odd: boolean; which: number };
  segments: ({ kind: "valid" } | { kind: "raw"; v: string })[];
  query: { kind: "none" } | { kind: "wrong"; param: number; value: number } | { kind: "unknown" } | { kind: "dup"; param: number };
  body: BodyMutation;
  contentType: number;
  credential: number;
};

function arbitrary(opCount: number): fc.Arbitrary<Spec> {
  const segment = fc.oneof(
    { weight: 4, arbitrary: fc.constant({ kind: "valid" as const }) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS).map((v) => ({ kind: "raw" as const, v })) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 16 }).map((s) => ({ kind: "raw" as const, v: `q${pctEncode(s)}` })) },
  );
  const prop = fc.nat({ max: 40 });
  const body: fc.Arbitrary<BodyMutation> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("wrongType" as const), prop, value: fc.nat({ max: WRONG_VALUES.length - 1 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("hugeString" as const), prop, size: fc.constantFrom(MB, MB - 4096, 200_000) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("badText" as const), prop, text: fc.nat({ max: BAD_TEXT.length - 1 }) }) },
    { weight: 2, arbitrary: fc.constant({ kind: "unknownFields" as const }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("deep" as const), prop, shape: fc.constantFrom("object" as const, "array" as const), levels: fc.constantFrom(5_000, 1_000, 100_000) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("malformed" as const), which: fc.nat({ max: MALFORMED.length - 1 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("nonObject" as const), which: fc.nat({ max: NON_OBJECT.length - 1 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
  );
  const query = fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: "none" as const }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("wrong" as const), param: fc.nat({ max: 20 }), value: fc.nat({ max: QUERY_VALUES.length - 1 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: "unknown" as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("dup" as const), param: fc.nat({ max: 20 }) }) },
  );
  return fc.record({
    op: fc.nat({ max: opCount - 1 }),
    method: fc.oneof({ weight: 5, arbitrary: fc.constant({ odd: false, which: 0 }) }, { weight: 1, arbitrary: fc.record({ odd: fc.constant(true), which: fc.nat({ max: ODD_METHODS.length - 1 }) }) }),
    segments: fc.array(segment, { minLength: 3, maxLength: 3 }),
    query,
    body,
    contentType: fc.nat({ max: CONTENT_TYPES.length - 1 }),
    credential: fc.nat({ max: 99 }),
  });
}

type World = { ops: OpenApiOperation[]; objects: Objects; doomed: Objects; admin: Principal; editor: Principal; adminBasic: string; garbageToken: string };

function bodyText(op: OpenApiOperation, m: BodyMutation): string | Buffer | undefined {
  const base = (op.body ? sampleFor(op.body) : {}) as Record<string, unknown>;
  const obj = base && typeof base === "object" && !Array.isArray(base) ? base : {};
  const props = Object.keys(obj);
  const pick = (i: number) => (props.length ? props[i % props.length] : "x");
  switch (m.kind) {
    case "none":
      return undefined;
    case "wrongType":
      return JSON.stringify({ ...obj, [pick(m.prop)]: WRONG_VALUES[m.value] });
    case "hugeString":
      return JSON.stringify({ ...obj, [pick(m.prop)]: "A".repeat(m.size) });
    case "badText":
      return JSON.stringify({ ...obj, [pick(m.prop)]: BAD_TEXT[m.text] });
    case "unknownFields": {
      const text = JSON.stringify(obj);
      return text === "{}" ? `{${UNKNOWN_FIELDS}}` : `{${UNKNOWN_FIELDS},${text.slice(1)}`;
    }
    case "deep": {
      // Into a property that takes any JSON (metadata, state) when there is one, else any property.
      const target = props.find((p) => /metadata|state|trigger|config/i.test(p)) ?? pick(m.prop);
      return JSON.stringify({ ...obj, [target]: "__DEEP__" }).replace('"__DEEP__"', deep(m.levels, m.shape));
    }
    case "malformed":
      return MALFORMED[m.which];
    case "nonObject":
      return NON_OBJECT[m.which];
  }
}

function build(world: World, s: Spec): { req: RawRequest; op: OpenApiOperation; docMethod: boolean } {
  const op = world.ops[s.op % world.ops.length];
  let method = op.method;
  if (s.method.odd) {
    const documented = new Set(world.ops.filter((o) => o.path === op.path).map((o) => o.method));
    const odd = ODD_METHODS[s.method.which];
    // A documented DELETE is only sent to the doomed objects below; an undocumented one must be refused.
    method = odd;
    if (documented.has(odd) && odd !== "DELETE") method = "TRACE";
  }
  const docMethod = method === op.method;
  const isDelete = method === "DELETE";
  const values: Record<string, string> = {};
  op.pathParams.forEach((name, i) => {
    const seg = s.segments[i % s.segments.length];
    values[name] = seg.kind === "valid" ? (op.path.includes("nope") ? "nope" : objectFor(op.path, name, isDelete ? world.doomed : world.objects)) : seg.v;
  });
  let p = fillPath(op.path, values);
  const qp = op.queryParams.map((q) => q.name);
  if (s.query.kind === "wrong") p += `?${qp.length ? qp[s.query.param % qp.length] : "limit"}=${QUERY_VALUES[s.query.value]}`;
  if (s.query.kind === "unknown") p += "?__proto__[role]=admin&constructor[prototype][role]=admin&role=admin&id=1";
  if (s.query.kind === "dup") {
    const name = qp.length ? qp[s.query.param % qp.length] : "id";
    p += `?${name}=a&${name}=b&${name}[]=c`;
  }
  const headers: Record<string, string> = {};
  const auth = p.startsWith("/api/auth/");
  if (auth) headers["x-forwarded-for"] = randomXff();
  // Credentials: mostly valid ones so bodies get past authentication, in each header the surface takes.
  const c = s.credential;
  const surface = op.surface;
  if (!auth) {
    if (c < 35) headers.authorization = `Bearer ${world.admin.token}`;
    else if (c < 60) headers.authorization = `Bearer ${world.editor.token}`;
    else if (c < 80) {
      if (surface === "pivot") headers["x-imply-api-token"] = world.admin.token;
      else if (surface === "dataherald") headers["x-api-key"] = world.admin.token;
      else if (surface === "zoomdata") headers.authorization = c < 65 ? world.adminBasic : `Bearer ${world.admin.token}`;
      else if (surface === "keboola") headers["x-storageapi-token"] = world.admin.token;
      else headers["x-api-key"] = world.editor.token;
    } else if (c < 90) {
      headers.cookie = world.admin.cookie;
      headers.origin = process.env.E2E_BASE_URL!;
    } else if (c < 95) headers.authorization = `Bearer ${world.garbageToken}`;
  }
  const hasBody = !["GET", "HEAD", "TRACE", "DELETE", "OPTIONS"].includes(method);
  let body = hasBody ? bodyText(op, s.body) : undefined;
  const ct = CONTENT_TYPES[s.contentType];
  if (body !== undefined) {
    if (ct === "application/x-www-form-urlencoded") body = typeof body === "string" && s.contentType % 2 ? `payload=${encodeURIComponent(body)}&email=x%40y&password=%00` : body;
    if (ct.startsWith("multipart/")) body = Buffer.concat([Buffer.from('--fuzzb\r\nContent-Disposition: form-data; name="payload"\r\n\r\n'), Buffer.from(body), Buffer.from("\r\n--fuzzb--\r\n")]);
    if (ct !== "none") headers["content-type"] = ct;
  }
  return { req: { method, path: p, headers, body }, op, docMethod };
}

type Outcome = { status: number; problem: string | null };

function judge(req: RawRequest, res: RawResponse): Outcome {
  if (res.status < 0) return { status: res.status, problem: `no answer: ${res.text}` };
  if (res.status >= 500) return { status: res.status, problem: `${res.status}: ${res.text.slice(0, 200).replace(/\s+/g, " ")}` };
  // Dot segments can carry a shallow path out of the API (/provisioning/../..%2F/extend is the
  // console page /..%2F/extend): a console page answers a stranger with the sign-in redirect.
  if (!/^\/(api|zoomdata|provisioning|queue)(\/|$)/.test(new URL(req.path.split("?")[0], "http://x").pathname)) return { status: res.status, problem: null };
  // An API path answers the API's way: a redirect to the console's sign-in page is not an answer.
  if (res.status >= 300 && res.status < 400 && !req.path.startsWith("/api/auth/") && /\/sign-in/.test(res.location ?? "")) return { status: res.status, problem: `${res.status} redirect to ${res.location?.slice(0, 80)} instead of a JSON answer` };
  if (res.status >= 400 && req.method !== "HEAD") {
    const problem = envelopeProblem(surfaceOf(req.path), res.status, res.contentType, res.text);
    if (problem) return { status: res.status, problem: `${res.status} not in its envelope: ${problem}` };
  }
  return { status: res.status, problem: null };
}

const describe = (r: RawRequest) => {
  const b = r.body === undefined ? "" : Buffer.isBuffer(r.body) ? `<${r.body.length} bytes: ${r.body.subarray(0, 120).toString("hex")}>` : r.body.length > 300 ? `${r.body.slice(0, 150)}…(${r.body.length} chars)…${r.body.slice(-60)}` : r.body;
  const h = Object.entries(r.headers).map(([k, v]) => `${k}: ${/authorization|cookie|token|key/i.test(k) ? `${v.slice(0, 12)}…` : v}`).join(" | ");
  return `${r.method} ${r.path.length > 300 ? `${r.path.slice(0, 200)}…(${r.path.length} chars)` : r.path}  [${h}]  ${b}`;
};
// The class of a failure: an envelope problem is one class per surface, status and problem; a 5xx
// or a hang is classed by what in the request set it off (the first that applies), so one root
// cause is one class whatever the route: an undecodable path segment, an odd method, deep JSON,
// next-auth, else its own route.
function undecodable(p: string): boolean {
  return p.split("?")[0].split("/").some((seg) => {
    try {
      decodeURIComponent(seg);
      return false;
    } catch {
      return true;
    }
  });
}
function trigger(op: OpenApiOperation, req: RawRequest): string {
  if (undecodable(req.path)) return "undecodable percent-encoding in the path";
  if (!["GET", "POST", "PUT", "PATCH", "DELETE"].includes(req.method)) return `method ${req.method}`;
  if (req.path.startsWith("/api/auth/")) return `next-auth ${req.method} with ${req.headers["content-type"]?.split(";")[0] ?? "no content type"}`;
  const body = req.body === undefined ? "" : req.body.toString();
  if (/(\{"a":){200}|\[{200}/.test(body)) return "deeply nested JSON";
  if (undecodable(req.path.split("?")[1] ?? "")) return "undecodable percent-encoding in the query";
  return `${req.method} ${op.path}`;
}
const failureClass = (op: OpenApiOperation, req: RawRequest, o: Outcome) =>
  o.status >= 500 || o.status < 0
    ? `${o.status < 0 ? "no answer" : "5xx"} ${surfaceOf(req.path)}: ${trigger(op, req)}`
    : `envelope ${surfaceOf(req.path)} ${o.status}: ${o.problem!.replace(/^\d{3} not in its envelope: /, "").replace(/\(.*$/s, "").replace(/redirect to .*/, "redirect to the sign-in page").trim()}`;

let world: World;
let adminCtx: APIRequestContext;
const settingsBefore: Record<string, unknown> = {};

test.beforeAll(async () => {
  test.setTimeout(120_000);
  adminCtx = (await adminContext()).ctx;
  // Settings a valid-looking fuzzed PUT could change: put back afterwards.
  for (const s of ["general", "network", "runs", "warehouse"]) settingsBefore[s] = await (await adminCtx.get(`/api/settings/${s}`)).json();
  const { ops } = await openApiOperations();
  const [adminP, editorP] = [await principal(adminCtx, "admin", "fuzz-admin"), await principal(adminCtx, "editor", "fuzz-editor")];
  const objects = await makeObjects(adminCtx, "fuzz", true);
  const doomed = await makeObjects(adminCtx, "fuzzdel");
  doomed.run = objects.run;
  world = {
    ops: [...ops, ...EXTRA],
    objects,
    doomed,
    admin: adminP,
    editor: editorP,
    adminBasic: `Basic ${Buffer.from(`${adminP.email}:${adminP.password}`).toString("base64")}`,
    garbageToken: `sy_${crypto.randomBytes(20).toString("base64url")}`,
  };
});

test.afterAll(async () => {
  if (!adminCtx) return;
  for (const [s, v] of Object.entries(settingsBefore)) {
    const now = await (await adminCtx.get(`/api/settings/${s}`)).json();
    if (JSON.stringify(now) === JSON.stringify(v)) continue;
    // A GET answer is a valid PUT body (read-only fields are ignored; the warehouse's masked
    // password keeps the stored one).
    const res = await adminCtx.put(`/api/settings/${s}`, { data: s === "warehouse" ? (v as { warehouse: unknown }).warehouse : v });
    expect(res.status(), `restoring ${s} settings: ${await res.text()}`).toBe(200);
  }
  // The fuzz feeds may have been activated with a schedule: pause them so nothing fires later.
  for (const id of [world?.objects.feed, world?.doomed.feed]) if (id) await adminCtx.patch(`/api/feeds/${id}`, { data: { status: "paused" } });
});

test("fuzzing every route of every surface gives no 5xx, only enveloped 4xx, and rejected requests change no rows", async () => {
  test.setTimeout(Math.max(180_000, COUNT * 60));
  const arb = arbitrary(world.ops.length);
  const specs = fc.sample(arb, { numRuns: COUNT, seed: SEED });
  const histogram: Record<string, number> = {};
  const failures = new Map<string, { index: number; req: RawRequest; outcome: Outcome; count: number; routes: Set<string> }>();
  const countViolations: string[] = [];
  const db = openReadOnly();
  let checkedBatches = 0;
  const started = Date.now();
  try {
    for (let start = 0; start < specs.length; start += CONCURRENCY) {
      const batch = specs.slice(start, start + CONCURRENCY).map((s) => build(world, s));
      const before = rowCounts(db);
      const outcomes = await pool(batch, CONCURRENCY, async ({ req }) => judge(req, await send(req)));
      const after = rowCounts(db);
      outcomes.forEach((o, i) => {
        const key = String(o.status);
        histogram[key] = (histogram[key] ?? 0) + 1;
        if (o.problem) {
          const cls = failureClass(batch[i].op, batch[i].req, o);
          const f = failures.get(cls);
          if (f) {
            f.count++;
            f.routes.add(`${batch[i].req.method} ${batch[i].op.path}`);
          } else failures.set(cls, { index: start + i, req: batch[i].req, outcome: o, count: 1, routes: new Set([`${batch[i].req.method} ${batch[i].op.path}`]) });
        }
      });
      // A batch whose requests were all refused (4xx, 5xx), redirected, or safe methods must leave
      // the row counts as they were; one accepted write makes the batch uncheckable.
      if (outcomes.every((o, i) => o.status >= 300 || ["GET", "HEAD", "OPTIONS", "TRACE"].includes(batch[i].req.method))) {
        checkedBatches++;
        const changed = Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
        if (changed.length) countViolations.push(`${changed.map((t) => `${t} ${before[t]} -> ${after[t]}`).join(", ")} after rejected: ${batch.map((b, i) => `${outcomes[i].status} ${describe(b.req).slice(0, 200)}`).join(" || ")}`);
      }
    }
  } finally {
    db.close();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  // Shrink the first request of each failure class (at most 8): replay its fast-check path and let
  // fast-check find a smaller request that fails the same way.
  const shrunk: string[] = [];
  for (const [cls, f] of [...failures.entries()].sort().slice(0, 10)) {
    const result = await fc.check(
      fc.asyncProperty(arb, async (s) => {
        const b = build(world, s);
        const o = judge(b.req, await send(b.req));
        return !o.problem || failureClass(b.op, b.req, o) !== cls;
      }),
      { seed: SEED, path: String(f.index), numRuns: 1, interruptAfterTimeLimit: 5_000 },
    );
    const example = result.counterexample?.[0] ? build(world, result.counterexample[0]).req : f.req;
    shrunk.push(`${cls}\n    ${f.count}x; ${result.failed ? "shrunk" : "as found"}: ${describe(example)}`);
  }

  const report = [
    `security fuzz: ${COUNT} requests in ${seconds} s (seed ${SEED}, ${world.ops.length} operations, concurrency ${CONCURRENCY})`,
    `status histogram: ${JSON.stringify(Object.fromEntries(Object.entries(histogram).sort()))}`,
    `row-count checks over ${checkedBatches} all-rejected batches: ${countViolations.length} violated`,
    `failure classes: ${failures.size}`,
    ...[...failures.entries()].sort().map(([cls, f]) => `  ${f.count}x ${cls}\n      ${f.routes.size} routes: ${[...f.routes].slice(0, 12).join(", ")}${f.routes.size > 12 ? ", …" : ""}\n      e.g. ${describe(f.req)}\n      answer: ${f.outcome.problem!.slice(0, 200)}`),
    "shrunk counterexamples:",
    ...shrunk.map((s) => `  ${s}`),
    ...countViolations.slice(0, 10).map((v) => `  rows changed: ${v}`),
  ].join("\n");
  console.log(report);
  writeArtifact("fuzz-report.txt", report);
  await test.info().attach("fuzz-report", { body: report, contentType: "text/plain" });
  expect(failures.size, report).toBe(0);
  expect(countViolations, report).toEqual([]);
});

test("the fuzz reaches past authentication: valid credentials give other answers than 401 on most operations", async () => {
  // Guards the fuzz itself: if the tokens stopped working every body would be refused at the door.
  const statuses = await pool(
    world.ops.filter((o) => o.method === "GET" && o.role !== "public"),
    4,
    async (o) => (await send({ method: "GET", path: fillPath(o.path, Object.fromEntries(o.pathParams.map((n) => [n, objectFor(o.path, n, world.objects)]))), headers: { authorization: `Bearer ${world.admin.token}` } })).status,
  );
  expect(statuses.filter((s) => s === 401 || s === 403), JSON.stringify(statuses)).toEqual([]);
});
