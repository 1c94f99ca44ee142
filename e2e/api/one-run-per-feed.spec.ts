import { expect, test, type APIRequestContext } from "@playwright/test";
import { asAdmin, bare } from "../support/api";
import { createConnection, createFeed, incrementalScript, waitForRun, warehouseRows, type Run } from "../support/feeds";
import { startTestApi, type TestApi } from "../support/test-api";

// A feed never has two load runs executing: triggers that fire while one is queued join it, and the
// next run starts from the state the previous one committed, so no record is loaded twice.

let api: TestApi;
test.beforeAll(async () => {
  api = await startTestApi();
  api.setTotal(40);
});
test.afterAll(async () => api.close());

type Started = Run & { coalesced: boolean; message: string; startedAt: string | null; finishedAt: string | null };

// The incremental script, slowed down so that runs executing side by side would overlap.
const slowIncremental = (base: string) => `import time\ntime.sleep(1.5)\n${incrementalScript(base)}`;

async function settle(ctx: APIRequestContext, started: Started[]): Promise<Started[]> {
  const ids = [...new Set(started.map((s) => s.id))];
  const runs: Started[] = [];
  for (const id of ids) runs.push((await waitForRun(ctx, id, 120_000)) as Started);
  return runs;
}

function expectOneAtATime(runs: Started[]) {
  const spans = runs.map((r) => [Date.parse(r.startedAt!), Date.parse(r.finishedAt!)]).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) expect(spans[i][0], "a run started before the previous one ended").toBeGreaterThanOrEqual(spans[i - 1][1]);
}

test("ten webhook calls at once: one run at a time, the rest join the queued one, no duplicate rows", async () => {
  const ctx = await asAdmin();
  const anon = await bare();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: slowIncremental(api.url), trigger: { type: "webhook" } });

  const answers = await Promise.all(Array.from({ length: 10 }, () => anon.post(`/api/hooks/feeds/${feed.id}`, { headers: { "x-webhook-secret": feed.webhookSecret! } })));
  const started: Started[] = [];
  for (const res of answers) {
    expect(res.status(), await res.text()).toBe(202);
    started.push((await res.json()) as Started);
  }
  // The first call queues a run; a second run is queued only if a worker claimed the first in between.
  const ids = new Set(started.map((s) => s.id));
  expect(ids.size).toBeLessThanOrEqual(2);
  expect(started.filter((s) => !s.coalesced)).toHaveLength(ids.size);
  const joined = started.find((s) => s.coalesced)!;
  expect(joined.message).toContain(`Run #${joined.id} of this feed was already queued`);

  const runs = await settle(ctx, started);
  for (const r of runs) expect(r.status, r.error ?? "").toBe("succeeded");
  expectOneAtATime(runs);
  const rows = warehouseRows(feed.name.toLowerCase());
  expect(rows).toHaveLength(40);
  expect(new Set(rows.map((r) => r.id)).size).toBe(40);
  // The second run (if any) started from what the first committed: it found nothing new.
  expect(runs.map((r) => r.records).sort()).toEqual(runs.length === 1 ? [40] : [0, 40]);
});

test("a triple click on Run now, and a webhook while a run executes: never two runs at once", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: slowIncremental(api.url) });

  const clicks = await Promise.all([1, 2, 3].map(() => ctx.post(`/api/feeds/${feed.id}/runs`, { data: {} })));
  const started = (await Promise.all(clicks.map((c) => c.json()))) as Started[];
  expect(new Set(started.map((s) => s.id)).size).toBeLessThanOrEqual(2);

  // Once the first is executing, another request queues exactly one run behind it...
  const first = await waitForRun(ctx, started[0].id, 60_000, (r) => r.status !== "queued");
  const behind = (await (await ctx.post(`/api/feeds/${feed.id}/runs`, { data: {} })).json()) as Started;
  const again = (await (await ctx.post(`/api/feeds/${feed.id}/runs`, { data: {} })).json()) as Started;
  expect(again).toMatchObject({ id: behind.id, coalesced: true });
  // ...which stays queued while the first runs.
  const during = (await (await ctx.get(`/api/runs/${behind.id}`)).json()) as Run;
  const firstNow = (await (await ctx.get(`/api/runs/${first.id}`)).json()) as Run;
  if (firstNow.status === "running") expect(during.status).toBe("queued");

  const runs = await settle(ctx, [...started, behind, again]);
  for (const r of runs) expect(r.status, r.error ?? "").toBe("succeeded");
  expectOneAtATime(runs);
  const rows = warehouseRows(feed.name.toLowerCase());
  expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  expect(rows).toHaveLength(40);
});
