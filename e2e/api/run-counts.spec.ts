import { expect, test } from "@playwright/test";
import { asAdmin } from "../support/api";
import { createConnection, createFeed, loadRun, waitForRun, warehouseRows, type Run } from "../support/feeds";

// Issue 12, item 7: a run says how many records the script wrote and how many were loaded, and the
// two differ whenever the run does not commit.

type Counted = Run & { recordsWritten: number; recordsLoaded: number; partiallyLoaded: boolean; destinations: { type: string; status: string; records: number }[] | null };

const writes = (n: number, tail = "") => `from lib import outputStream\nfor i in range(${n}):\n    outputStream.write({"i": i})\noutputStream.flush()\n${tail}`;

test("a succeeded run wrote and loaded every record", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: writes(30) });
  const run = (await loadRun(ctx, feed.id)) as Counted;
  expect(run).toMatchObject({ status: "succeeded", records: 30, recordsWritten: 30, recordsLoaded: 30, partiallyLoaded: false });
  expect(run.destinations).toEqual([{ type: "sqlite", status: "committed", records: 30, error: null }]);
  expect(warehouseRows(feed.name.toLowerCase())).toHaveLength(30);
});

test("a failed run that wrote 1,000 records loaded none", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: writes(1000, 'raise RuntimeError("the API went away")\n') });
  const run = (await loadRun(ctx, feed.id)) as Counted;
  expect(run).toMatchObject({ status: "failed", recordsWritten: 1000, recordsLoaded: 0, partiallyLoaded: false });
  expect(run.destinations).toEqual([{ type: "sqlite", status: "rolled_back", records: 0, error: null }]);
  expect(warehouseRows(feed.name.toLowerCase())).toHaveLength(0);
  const listed = (await (await ctx.get(`/api/feeds/${feed.id}/runs`)).json()).runs[0];
  expect(listed).toMatchObject({ id: run.id, recordsWritten: 1000, recordsLoaded: 0 });
});

test("a cancelled run that wrote 2,000 records says so, live and at the end, and loaded none", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: writes(2000, "import time\nwhile True:\n    time.sleep(0.2)\n") });
  const started = await (await ctx.post(`/api/feeds/${feed.id}/runs`, { data: {} })).json();
  // The count moves while the run goes, before anything is committed.
  const running = (await waitForRun(ctx, started.id, 60_000, (r) => (r as Counted).recordsWritten >= 2000)) as Counted;
  expect(running).toMatchObject({ status: "running", recordsWritten: 2000, recordsLoaded: 0 });
  expect((await ctx.post(`/api/runs/${started.id}/cancel`, { data: {} })).status()).toBe(200);
  const run = (await waitForRun(ctx, started.id)) as Counted;
  expect(run).toMatchObject({ status: "cancelled", records: 2000, recordsWritten: 2000, recordsLoaded: 0, partiallyLoaded: false });
  expect(run.error).toContain("nothing was loaded");
  expect(warehouseRows(feed.name.toLowerCase())).toHaveLength(0);
});

test("a test run writes its preview and loads nothing", async () => {
  const ctx = await asAdmin();
  const conn = await createConnection(ctx, { authType: "none" });
  const feed = await createFeed(ctx, { connectionId: conn.id, script: writes(5) });
  const res = await ctx.post(`/api/feeds/${feed.id}/test?wait=true`, { data: {} });
  expect(res.status(), await res.text()).toBe(200);
  expect(await res.json()).toMatchObject({ kind: "test", status: "succeeded", recordsWritten: 5, recordsLoaded: 0, destinations: null });
});
