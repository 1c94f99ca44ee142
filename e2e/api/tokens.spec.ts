import { expect, test } from "@playwright/test";
import { request } from "@playwright/test";
import { asAdmin, bare, baseURL, createToken, createUser, postSignIn, signedIn } from "../support/api";
import { switchyard } from "../support/cli";

const HEADERS = (t: string): Record<string, Record<string, string>> => ({
  "Authorization: Bearer": { authorization: `Bearer ${t}` },
  "x-imply-api-token": { "x-imply-api-token": t },
  "X-StorageApi-Token": { "X-StorageApi-Token": t },
  "X-API-Key": { "X-API-Key": t },
});

test("a token works with each of the four headers and gets 401 after revocation", async () => {
  const adminCtx = await asAdmin();
  const { token, record } = await createToken(adminCtx, { role: "editor" });
  expect(token).toMatch(/^sy_/);
  const anon = await bare();
  for (const [name, headers] of Object.entries(HEADERS(token))) {
    const res = await anon.get("/api/me", { headers });
    expect(res.status(), name).toBe(200);
    expect((await res.json()).role).toBe("editor");
  }
  const list = await (await adminCtx.get("/api/tokens")).json();
  const listed = list.tokens.find((t: { id: number }) => t.id === record.id);
  expect(listed.lastUsedAt).not.toBeNull();
  expect(JSON.stringify(list)).not.toContain(token);

  expect((await adminCtx.delete(`/api/tokens/${record.id}`, { data: {} })).status()).toBe(200);
  for (const [name, headers] of Object.entries(HEADERS(token))) {
    expect((await anon.get("/api/me", { headers })).status(), name).toBe(401);
  }
});

test("a token's role is capped by its creator, and a wrong token is 401 even with a session", async () => {
  const adminCtx = await asAdmin();
  const editor = await createUser(adminCtx, "editor");
  const editorCtx = await signedIn(editor.email, editor.password);
  const tooHigh = await editorCtx.post("/api/tokens", { data: { name: "nope", role: "admin" } });
  expect(tooHigh.status()).toBe(403);
  expect((await tooHigh.json()).error.fields.role).toBeTruthy();
  expect((await editorCtx.get("/api/me", { headers: { "x-api-key": "sy_not-a-real-token" } })).status()).toBe(401);
  const bad = await editorCtx.post("/api/tokens", { data: { name: "", expiresIn: "forever" } });
  expect(bad.status()).toBe(422);
  expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["expiresIn", "name"]);
});

test("users see only their own tokens; admins see and revoke anyone's", async () => {
  const adminCtx = await asAdmin();
  const viewer = await createUser(adminCtx, "viewer");
  const viewerCtx = await signedIn(viewer.email, viewer.password);
  const mine = await createToken(viewerCtx, { name: "viewer-own" });
  expect(mine.record.role).toBe("viewer");
  const adminToken = await createToken(adminCtx);
  const seen = (await (await viewerCtx.get("/api/tokens")).json()).tokens.map((t: { id: number }) => t.id);
  expect(seen).toEqual([mine.record.id]);
  expect((await viewerCtx.delete(`/api/tokens/${adminToken.record.id}`, { data: {} })).status()).toBe(404);
  expect((await adminCtx.delete(`/api/tokens/${mine.record.id}`, { data: {} })).status()).toBe(200);
});

test("a token cannot create a token: 403, and nothing was created", async () => {
  const adminCtx = await asAdmin();
  const editor = await createUser(adminCtx, "editor");
  const editorCtx = await request.newContext({ baseURL: baseURL(), extraHTTPHeaders: { origin: baseURL() } });
  expect(await postSignIn(editorCtx, editor.email, editor.password)).toBe(200);
  const created = await editorCtx.post("/api/tokens", { data: { name: "parent", expiresIn: "1h" } });
  expect(created.status()).toBe(201);
  const parent = ((await created.json()) as { token: string }).token;
  const count = async () => ((await (await editorCtx.get("/api/tokens")).json()).tokens as unknown[]).length;
  const before = await count();

  const anon = await bare();
  const variants: Record<string, string>[] = [{ authorization: `Bearer ${parent}` }, { "x-api-key": parent }];
  for (const headers of variants) {
    const res = await anon.post("/api/tokens", { headers, data: { name: "child" } });
    expect(res.status()).toBe(403);
    expect((await res.json()).error.message).toMatch(/API tokens cannot create tokens/);
  }
  expect(await count()).toBe(before);
});

test("npx switchyard tokens create works for a non-admin user, capped at that user's role", async () => {
  const adminCtx = await asAdmin();
  const viewer = await createUser(adminCtx, "viewer");
  const r = switchyard(["tokens", "create", "--user", viewer.email, "--name", "cli-viewer"], process.env.E2E_DATA_DIR!);
  expect(r.status, r.stderr).toBe(0);
  const token = r.stdout.trim();
  const me = await (await bare()).get("/api/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ type: "token", userId: viewer.id, role: "viewer" });

  const tooHigh = switchyard(["tokens", "create", "--user", viewer.email, "--name", "cli-editor", "--role", "editor"], process.env.E2E_DATA_DIR!);
  expect(tooHigh.status).not.toBe(0);
  expect(tooHigh.stderr).toMatch(/cannot be higher than viewer/);
});
