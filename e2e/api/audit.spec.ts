import { expect, test } from "@playwright/test";
import { asAdmin, bare, createToken, createUser, postSignIn, unique } from "../support/api";

type Event = { action: string; actorType: string; actorLabel: string; targetLabel: string | null; ip: string | null; summary: string | null };

test("sign-ins, changes, token use and settings are in the audit log without secret values", async () => {
  const adminCtx = await asAdmin();
  const user = await createUser(adminCtx, "viewer");
  await postSignIn(await bare(), user.email, "definitely-wrong");
  await postSignIn(await bare(), user.email, user.password);
  const { token, record } = await createToken(adminCtx, { role: "admin" });
  // A change made with a token is attributed to the token.
  const viaToken = `${unique("via-token")}@e2e.test`;
  const made = await (await bare()).post("/api/users", {
    headers: { "x-api-key": token },
    data: { email: viaToken, password: "token-made-password", role: "viewer" },
  });
  expect(made.status()).toBe(201);
  const name = unique("Workspace");
  expect((await adminCtx.put("/api/settings/general", { data: { workspaceName: name } })).status()).toBe(200);
  await adminCtx.delete(`/api/tokens/${record.id}`, { data: {} });

  const res = await adminCtx.get("/api/audit?pageSize=200");
  expect(res.status()).toBe(200);
  const { events, total } = (await res.json()) as { events: Event[]; total: number };
  expect(total).toBeGreaterThanOrEqual(events.length);
  const find = (action: string, target: string) => events.find((e) => e.action === action && e.targetLabel?.includes(target));
  expect(find("user.create", user.email)).toBeTruthy();
  expect(find("auth.sign_in_failed", user.email)).toMatchObject({ actorType: "anonymous" });
  expect(find("auth.sign_in", user.email)).toMatchObject({ actorType: "user", actorLabel: user.email });
  expect(find("token.create", record.prefix)).toBeTruthy();
  expect(find("token.revoke", record.prefix)).toBeTruthy();
  expect(find("user.create", viaToken)).toMatchObject({ actorType: "token" });
  expect(find("setting.update", "workspace.name")?.summary).toContain(name);
  expect(events.every((e) => e.ip !== undefined)).toBe(true);
  expect(find("auth.sign_in", user.email)?.ip).toBeTruthy();
  const text = JSON.stringify(events);
  for (const secret of [user.password, token, "token-made-password", "definitely-wrong"]) expect(text).not.toContain(secret);

  const filtered = await (await adminCtx.get(`/api/audit?action=token.&target=${record.prefix}`)).json();
  expect(filtered.events.map((e: Event) => e.action).sort()).toEqual(["token.create", "token.revoke"]);
  const page2 = await (await adminCtx.get("/api/audit?pageSize=2&page=2")).json();
  expect(page2.events).toHaveLength(2);
  expect((await adminCtx.get("/api/audit?page=0")).status()).toBe(422);
});
