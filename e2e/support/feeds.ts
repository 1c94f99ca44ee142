import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, type APIRequestContext } from "@playwright/test";
import { unique } from "./api";
import { storeQuery } from "./store";

export type Run = {
  id: number;
  status: string;
  records: number;
  error: string | null;
  errorKind: string | null;
  preview: Record<string, unknown>[] | null;
  columns: string[] | null;
  trigger: string;
  attempt: number;
  retryOf: number | null;
  notifications: Record<string, unknown>[] | null;
};

export const feedName = (prefix = "feed") => unique(prefix).replace(/-/g, "_");

export async function createConnection(ctx: APIRequestContext, data: Record<string, unknown>) {
  const res = await ctx.post("/api/connections", { data: { name: feedName("conn"), ...data } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; name: string };
}

type CreatedFeed = { id: number; name: string; webhookSecret?: string; nextRuns: string[] };

/**
 * A feed made as the wizard makes one: saved as a draft, its script tested, then activated (the
 * server activates only a script that passed a test). A script written to fail its load runs cannot
 * pass a test; for those the fixture vouches for it in the database (vouchForScript) and says so:
 * pass `dataDir` when ctx talks to a server of its own, not the suite's.
 */
export async function createFeed(ctx: APIRequestContext, data: Record<string, unknown>, options: { dataDir?: string } = {}): Promise<CreatedFeed> {
  const { status = "active", ...rest } = data;
  const res = await ctx.post("/api/feeds", { data: { name: feedName(), language: "python", destinations: ["sqlite"], ...rest, status: "draft" } });
  expect(res.status(), await res.text()).toBe(201);
  const draft = (await res.json()) as CreatedFeed & { scriptTested: boolean };
  if (status === "draft") return draft;
  const tested = await testRunWithin(ctx, draft.id, 20_000);
  if (tested.status !== "succeeded") await vouchForScript(ctx, draft.id, {}, `its test ${tested.status}: ${tested.error}`, options.dataDir);
  const activated = await ctx.patch(`/api/feeds/${draft.id}`, { data: { status } });
  expect(activated.status(), await activated.text()).toBe(200);
  return { ...((await activated.json()) as CreatedFeed), webhookSecret: draft.webhookSecret };
}

/**
 * Test fixture only: records in the server's database that the feed's script (with `changes` applied)
 * passed a test, as a passed test would. For scripts made to fail or hang, which no test can pass;
 * users have no such path. Then PATCH the changes as usual.
 */
export async function vouchForScript(ctx: APIRequestContext, feedId: number, changes: { script?: string; language?: string; dependencies?: string[] }, why: string, dataDir = process.env.E2E_DATA_DIR!) {
  const feed = { ...((await (await ctx.get(`/api/feeds/${feedId}`)).json()) as { script: string; language: string; dependencies: string[] }), ...changes };
  // lib/feeds/service.ts scriptHash: what a passing test vouches for.
  const hash = crypto.createHash("sha256").update(JSON.stringify([feed.script, feed.language, [...feed.dependencies].sort()])).digest("hex");
  await storeQuery("UPDATE feeds SET tested_script_hash = ? WHERE id = ?", [hash, feedId], dataDir);
  console.log(`[fixture] feed ${feedId}: script vouched for without a passing test (${why})`);
}

export async function waitForRun(ctx: APIRequestContext, runId: number, timeoutMs = 90_000, until = (r: Run) => r.status !== "queued" && r.status !== "running"): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = (await (await ctx.get(`/api/runs/${runId}`)).json()) as Run;
    if (until(run)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function loadRun(ctx: APIRequestContext, feedId: number): Promise<Run> {
  const res = await ctx.post(`/api/feeds/${feedId}/runs`, { data: {} });
  expect(res.status(), await res.text()).toBe(202);
  return waitForRun(ctx, (await res.json()).id);
}

/** A test of the feed's saved script, cancelled when it has not ended within `ms` (a script made to hang). */
async function testRunWithin(ctx: APIRequestContext, feedId: number, ms: number): Promise<Run> {
  for (const deadline = Date.now() + 60_000; ; ) {
    const res = await ctx.post(`/api/feeds/${feedId}/test`, { data: {} });
    if (res.status() === 429 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    expect(res.status(), await res.text()).toBe(202);
    const { id } = (await res.json()) as Run;
    const ended = await waitForRun(ctx, id, ms).catch(() => null);
    if (ended) return ended;
    await ctx.post(`/api/runs/${id}/cancel`, { data: {} });
    return { ...(await waitForRun(ctx, id, 30_000)), error: `did not end within ${ms / 1000} s` };
  }
}

/** A test of the feed's saved script, or of `draft` edits (nothing is saved). Waits out 429s from other workers' tests. */
export async function testRun(ctx: APIRequestContext, feedId: number, draft: Record<string, unknown> = {}): Promise<Run> {
  for (const deadline = Date.now() + 60_000; ; ) {
    const res = await ctx.post(`/api/feeds/${feedId}/test?wait=true`, { data: draft });
    if (res.status() === 429 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as Run;
  }
}

export async function logText(ctx: APIRequestContext, runId: number): Promise<string> {
  const page = await (await ctx.get(`/api/runs/${runId}/logs?limit=5000`)).json();
  return page.lines.map((l: { stream: string; line: string }) => `${l.stream}: ${l.line}`).join("\n");
}

/** Rows in the embedded SQLite warehouse, read straight from the file. */
export function warehouseRows(table: string, dataDir = process.env.E2E_DATA_DIR!): Record<string, unknown>[] {
  const file = path.join(dataDir, "warehouse.db");
  if (!fs.existsSync(file)) return [];
  const db = new Database(file, { readonly: true });
  try {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    return exists ? (db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Record<string, unknown>[]) : [];
  } finally {
    db.close();
  }
}

// Peak's two example scripts, unchanged apart from the URL.
export const seedScriptEntries = (base: string) => `import requests
from lib import outputStream, metadata

### Write your fetch logic below.
### The feed run details can be saved in the metadata object as follows:
### metadata.save(object)
### This variable can be utilised during API calls in order to fetch data incrementally.
### metadata will be an empty object {} initially.
### The outputStream variable can be used as follows:
### outputStream.write(obj)

r = requests.get("${base}/entries")

for i in r.json()["entries"]:
  outputStream.write(i)
`;

export const seedScriptGetData = (base: string) => `import requests
from lib import outputStream, metadata

### Write your fetch logic below.
### The feed run details can be saved in the metadata object as follows:
### metadata.save(object)
### This variable can be utilised during API calls in order to fetch data incrementally.
### metadata will be an empty object {} initially.
### The outputStream variable can be used as follows:
### outputStream.write(obj)

r = requests.get("${base}/get-data?from=1&limit=1000")
data = r.json()["data"]
for record in data:
  outputStream.write(record)
`;

/** The second example made incremental with metadata, as Peak's template comments suggest. */
export const incrementalScript = (base: string, pathPrefix = "") => `import requests
from lib import outputStream, metadata, connection

start = metadata.get("next_id", 1)
headers = connection.get("headers", {})
if connection["type"] == "custom":
    headers = {"Authorization": "Bearer " + connection["auth"]["json"]["access_token"]}
r = requests.get("${base}${pathPrefix}/get-data", params={"from": start, "limit": 1000}, headers=headers)
r.raise_for_status()
data = r.json()["data"]
print(f"fetched {len(data)} records from id {start}")
for record in data:
    outputStream.write(record)
if data:
    metadata.save({"next_id": data[-1]["id"] + 1})
`;
