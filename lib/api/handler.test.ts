import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { cliActor } from "@/lib/auth/actor";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { createToken } from "@/lib/tokens/service";
import { createUser } from "@/lib/users/service";
import { ApiError } from "./errors";
import { apiRoute } from "./handler";

// No request scope exists under Vitest, so the session lookup is replaced: these tests are about
// the wrapper's order of checks and its error envelope, with real token authentication.
// CSRF tests set a session user here, as a request with a valid session cookie would have.
const session = vi.hoisted(() => ({ user: null as unknown }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user }));

const temp = useTempDataDir();
afterAll(temp.cleanup);

let viewerToken = "";
let editorToken = "";
let editorUser: unknown = null;
beforeAll(async () => {
  const viewer = await createUser(cliActor(), { email: "v@example.com", password: "correct horse battery", role: "viewer" });
  const editor = await createUser(cliActor(), { email: "e@example.com", password: "correct horse battery", role: "editor" });
  viewerToken = (await createToken({ ...cliActor(), userId: viewer.id, role: "viewer" }, { name: "v" })).token;
  editorUser = editor;
  editorToken = (await createToken({ ...cliActor(), userId: editor.id, role: "editor" }, { name: "e" })).token;
});

const ctx = { params: Promise.resolve({}) };
const body = z.object({ name: z.string().min(3, { error: "Too short" }) });
const output = z.object({ greeting: z.string() });
const route = apiRoute({ role: "editor", body, output, status: 201 }, ({ body }) => ({ greeting: `hi ${body.name}`, secret: "leak" }));

function req(headers: Record<string, string>, payload?: string) {
  return new NextRequest("http://localhost/api/x", { method: "POST", headers, body: payload });
}

async function call(r: NextRequest, handler = route) {
  const res = await handler(r, ctx);
  return { status: res.status, json: res.status === 204 ? null : await res.json(), res };
}

describe("apiRoute", () => {
  it("answers 401 without credentials and with a wrong token", async () => {
    expect((await call(req({}, "{}"))).status).toBe(401);
    const bad = await call(req({ "x-api-key": "sy_nope" }, "{}"));
    expect(bad.status).toBe(401);
    expect(bad.json.error.code).toBe("unauthorized");
  });

  it("answers 403 when the role is too low, before reading the body", async () => {
    const r = await call(req({ authorization: `Bearer ${viewerToken}` }, "not json"));
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe("forbidden");
  });

  it("answers 400 for malformed JSON and 422 naming the field for invalid input", async () => {
    expect((await call(req({ "x-imply-api-token": editorToken }, "{oops"))).status).toBe(400);
    const r = await call(req({ "X-StorageApi-Token": editorToken }, JSON.stringify({ name: "x" })));
    expect(r.status).toBe(422);
    expect(r.json.error).toMatchObject({ code: "unprocessable_entity", fields: { name: "Too short" } });
  });

  it("answers the native 500 envelope when a surface's error formatter itself throws", async () => {
    const route = apiRoute({ role: "public", errors: () => { throw new URIError("URI malformed"); } }, () => {
      throw new ApiError("bad_request", "x");
    });
    const r = await call(req({}), route);
    expect(r.status).toBe(500);
    expect(r.json.error).toMatchObject({ code: "internal_server_error", requestId: expect.any(String) });
  });

  it("serializes through the output schema only", async () => {
    const r = await call(req({ authorization: `Bearer ${editorToken}` }, JSON.stringify({ name: "Ada" })));
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ greeting: "hi Ada" });
    expect(r.res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("maps ApiError codes to statuses", async () => {
    const conflictRoute = apiRoute({ role: "public" }, () => {
      throw new ApiError("conflict", "Name taken", { name: "Name taken" });
    });
    const r = await call(req({}), conflictRoute);
    expect(r.status).toBe(409);
    expect(r.json).toEqual({ error: { code: "conflict", message: "Name taken", fields: { name: "Name taken" }, requestId: expect.any(String) } });
  });

  it("hides unknown errors behind a 500 with a request id and no stack", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const boom = apiRoute({ role: "public" }, () => {
      throw new Error("database password is hunter2");
    });
    const r = await call(req({}), boom);
    expect(r.status).toBe(500);
    expect(r.json.error.code).toBe("internal_server_error");
    expect(r.json.error.requestId).toBe(r.res.headers.get("x-request-id"));
    expect(JSON.stringify(r.json)).not.toMatch(/hunter2|at .*\.ts/);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });

  describe("CSRF for the session cookie", () => {
    const cookieReq = (method: string, headers: Record<string, string>, payload?: string) =>
      new NextRequest("http://localhost:3000/api/x", { method, headers: { host: "localhost:3000", ...headers }, body: payload });
    const json = JSON.stringify({ name: "Ada" });

    it("refuses a non-JSON body (415) and a foreign or missing origin (403) for unsafe methods", async () => {
      session.user = editorUser;
      try {
        const form = await call(cookieReq("POST", { "content-type": "text/plain", origin: "http://localhost:3000" }, json));
        expect(form.status).toBe(415);
        expect(form.json.error.code).toBe("unsupported_media_type");
        expect((await call(cookieReq("POST", { origin: "http://localhost:3000" }, json))).status).toBe(415);
        expect((await call(cookieReq("POST", { "content-type": "application/json", origin: "http://localhost:3001" }, json))).status).toBe(403);
        expect((await call(cookieReq("POST", { "content-type": "application/json", origin: "https://localhost:3000" }, json))).status).toBe(403);
        expect((await call(cookieReq("POST", { "content-type": "application/json", "sec-fetch-site": "same-site" }, json))).status).toBe(403);
        expect((await call(cookieReq("POST", { "content-type": "application/json" }, json))).status).toBe(403);
        const ok = await call(cookieReq("POST", { "content-type": "application/json; charset=utf-8", origin: "http://localhost:3000" }, json));
        expect(ok.status).toBe(201);
        expect((await call(cookieReq("POST", { "content-type": "application/json", "sec-fetch-site": "same-origin" }, json))).status).toBe(201);
        // Safe methods are not checked.
        const get = apiRoute({ role: "viewer" }, () => ({ ok: true }));
        expect((await call(cookieReq("GET", { origin: "http://evil.example" }), get)).status).toBe(200);
      } finally {
        session.user = null;
      }
    });

    it("leaves token calls alone, even with a session", async () => {
      session.user = editorUser;
      try {
        const r = await call(cookieReq("POST", { authorization: `Bearer ${editorToken}`, "content-type": "text/plain", origin: "http://evil.example" }, json));
        expect(r.status).toBe(201);
      } finally {
        session.user = null;
      }
    });
  });
});
