import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIResponse } from "@playwright/test";
import { admin, asAdmin, bare, createToken, createUser, postSignIn, signedIn } from "../support/api";

// Plants known passwords and tokens through every path that handles them, then greps the database
// files, the server log and every response seen for them.
test("no planted password or token appears in console.db, the server log or any API response", async () => {
  const adminCtx = await asAdmin();
  const responses: string[] = [];
  const keep = async (p: Promise<APIResponse>) => {
    const r = await p;
    responses.push(await r.text());
    return r;
  };
  const user = await createUser(adminCtx, "editor");
  const userCtx = await signedIn(user.email, user.password);
  await postSignIn(await bare(), user.email, "planted-wrong-password-9");
  // The token first: changing the password ends this session (and the reset revokes the token).
  const { token } = await createToken(userCtx, { name: "planted" });
  await keep((await bare()).get("/api/me", { headers: { "x-api-key": token } }));
  const newPassword = "planted-new-Quartz-heron-7";
  expect((await keep(userCtx.post("/api/me/password", { data: { currentPassword: user.password, newPassword } }))).status()).toBeLessThan(300);
  expect((await keep(adminCtx.post(`/api/users/${user.id}/password`, { data: { password: "planted-reset-Velvet-otter-5" } }))).status()).toBeLessThan(300);
  for (const p of ["/api/users", "/api/tokens", "/api/audit?pageSize=200", "/api/me", "/api/settings/general"]) await keep(adminCtx.get(p));
  await keep(adminCtx.get("/settings/users"));
  await keep(adminCtx.get("/settings/audit"));

  const planted = [admin().password, user.password, newPassword, "planted-reset-Velvet-otter-5", "planted-wrong-password-9", token];
  const dir = process.env.E2E_DATA_DIR!;
  const dbBytes = ["console.db", "console.db-wal"]
    .map((f) => path.join(dir, f))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f).toString("latin1"))
    .join("\n");
  const log = fs.readFileSync(process.env.E2E_LOG_FILE!, "utf8");
  for (const secret of planted) {
    expect(dbBytes.includes(secret), `database contains ${secret.slice(0, 6)}…`).toBe(false);
    expect(log.includes(secret), `server log contains ${secret.slice(0, 6)}…`).toBe(false);
    expect(responses.some((r) => r.includes(secret)), `a response contains ${secret.slice(0, 6)}…`).toBe(false);
  }
});
