import { expect, test, type APIRequestContext } from "@playwright/test";
import { asAdmin, bare, createToken, createUser, signedIn } from "../support/api";
import { createFeed, waitForRun, type Run } from "../support/feeds";

// At most N test runs per person and M in all (Settings -> Network -> Script runs); beyond: 429.
// The scripts wait for their cancellation, so the runs stay active exactly as long as the test needs.

const WAITS_FOREVER = "import time\nwhile True:\n    time.sleep(0.2)\n";
type Limits = { perUser: number; total: number };

let admin: APIRequestContext;
let saved: Limits;
test.beforeAll(async () => {
  admin = await asAdmin();
  saved = (await (await admin.get("/api/settings/runs")).json()).testConcurrency;
});
// The suite shares one server: put the limits back for the specs that follow.
test.afterAll(async () => {
  const res = await admin.put("/api/settings/runs", { data: { testConcurrency: saved } });
  expect(res.status()).toBe(200);
});

async function setLimits(limits: Limits) {
  const res = await admin.put("/api/settings/runs", { data: { testConcurrency: limits } });
  expect(res.status(), await res.text()).toBe(200);
  expect((await res.json()).testConcurrency).toEqual(limits);
}

const startTest = (ctx: APIRequestContext, headers?: Record<string, string>) =>
  ctx.post("/api/feeds/test", { data: { language: "python", script: WAITS_FOREVER }, headers });

async function started(ctx: APIRequestContext, headers?: Record<string, string>): Promise<Run> {
  const res = await startTest(ctx, headers);
  expect(res.status(), await res.text()).toBe(202);
  return (await res.json()) as Run;
}

async function cancelAll(ctx: APIRequestContext, list: Run[]) {
  for (const run of list) {
    const res = await ctx.post(`/api/runs/${run.id}/cancel`, { data: {} });
    expect([200, 409]).toContain(res.status());
  }
  for (const run of list) expect((await waitForRun(ctx, run.id, 30_000)).status).not.toBe("running");
}

test("a person's test runs beyond the per-person limit are refused with 429, their API tokens included", async () => {
  test.setTimeout(120_000);
  await setLimits({ perUser: 2, total: 50 });
  const editor = await createUser(admin, "editor");
  const ctx = await signedIn(editor.email, editor.password);
  const { token } = await createToken(ctx, { role: "editor" });
  const viaToken = await bare();
  const auth = { authorization: `Bearer ${token}` };

  const first = await started(ctx);
  const second = await started(viaToken, auth);
  for (const [who, res] of [
    ["session", await startTest(ctx)],
    ["token", await startTest(viaToken, auth)],
  ] as const) {
    expect(res.status(), who).toBe(429);
    const body = await res.json();
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toContain("You already have 2 test runs running; wait for one to finish");
    expect(body.error.message).toContain("Settings → Network → Script runs");
    expect(res.headers()["retry-after"]).toBeTruthy();
  }

  // Someone else is not held up by it.
  const other = await createUser(admin, "editor");
  const otherCtx = await signedIn(other.email, other.password);
  const theirs = await started(otherCtx);

  // Once one finishes, there is room again.
  await cancelAll(ctx, [first]);
  const third = await started(ctx);
  await cancelAll(ctx, [second, third]);
  await cancelAll(otherCtx, [theirs]);
});

test("test runs beyond the workspace total are refused with 429, whoever asks", async () => {
  test.setTimeout(120_000);
  await setLimits({ perUser: 1, total: 2 });
  const people = await Promise.all([1, 2, 3].map(async () => {
    const u = await createUser(admin, "editor");
    return signedIn(u.email, u.password);
  }));
  const a = await started(people[0]);
  const b = await started(people[1]);
  const refused = await startTest(people[2]);
  expect(refused.status()).toBe(429);
  expect((await refused.json()).error.message).toContain("2 test runs are already running in this workspace");
  // A saved feed's test run counts the same way.
  const feed = await createFeed(people[2], { connectionId: null, script: WAITS_FOREVER, status: "draft" });
  expect((await people[2].post(`/api/feeds/${feed.id}/test`, { data: {} })).status()).toBe(429);

  await cancelAll(people[0], [a]);
  const c = await started(people[2]);
  await cancelAll(people[1], [b]);
  await cancelAll(people[2], [c]);
});

test("the limits are admin settings: validated, audited, and read-only for others", async () => {
  const bad = await admin.put("/api/settings/runs", { data: { testConcurrency: { perUser: 0, total: 4 } } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.fields).toHaveProperty(["testConcurrency.perUser"]);

  await setLimits({ perUser: 3, total: 7 });
  const audit = await (await admin.get("/api/audit?action=setting.update&target=runs.testConcurrency&pageSize=5")).json();
  expect(audit.events[0]).toMatchObject({ action: "setting.update", targetId: "runs.testConcurrency" });

  const viewer = await createUser(admin, "viewer");
  const viewerCtx = await signedIn(viewer.email, viewer.password);
  expect((await (await viewerCtx.get("/api/settings/runs")).json()).testConcurrency).toEqual({ perUser: 3, total: 7 });
  expect((await viewerCtx.put("/api/settings/runs", { data: { testConcurrency: { perUser: 9, total: 9 } } })).status()).toBe(403);
});
