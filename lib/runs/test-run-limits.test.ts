import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { ApiError } from "@/lib/api/errors";
import { getDb } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { createTestRunWithinLimits, updateRun, type RunSnapshot } from "./service";

const temp = useTempDataDir();
afterAll(temp.cleanup);

const snapshot: RunSnapshot = { feedName: null, table: null, connectionId: null, language: "python", script: "pass", dependencies: [], loadType: "incremental", destinations: [] };
const start = (userId: number | null, createdBy: string, limits = { perUser: 2, total: 4 }) =>
  createTestRunWithinLimits({ feedId: null, snapshot, createdBy }, { userId }, limits);

async function refusal(fn: () => Promise<unknown>): Promise<ApiError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("test-run concurrency limits", () => {
  it("counts a person's runs across their session and tokens, and refuses beyond the per-person limit", async () => {
    const a = await start(101, "a@example.com");
    await start(101, "token ci (sy_abc…) of a@example.com");
    const err = await refusal(() => start(101, "a@example.com"));
    expect(err.code).toBe("rate_limited");
    expect(err.status).toBe(429);
    expect(err.message).toContain("You already have 2 test runs running; wait for one to finish");
    expect(err.headers?.["retry-after"]).toBe("5");
    // Finished runs free their place.
    await updateRun(a.id, { status: "succeeded" });
    expect((await start(101, "a@example.com")).status).toBe("queued");
  });

  it("refuses beyond the workspace total, whoever asks", async () => {
    // 2 active runs from the first test; two more fit.
    await start(202, "b@example.com");
    await start(202, "b@example.com");
    const err = await refusal(() => start(303, "c@example.com"));
    expect(err.code).toBe("rate_limited");
    expect(err.message).toContain("4 test runs are already running in this workspace");
  });

  it("stops counting a run orphaned long ago, and never counts load runs", async () => {
    getDb().update(runs).set({ queuedAt: new Date(Date.now() - 60 * 60_000) }).where(eq(runs.kind, "test")).run();
    getDb().insert(runs).values({ feedId: null, kind: "load", trigger: "manual", status: "running", snapshot, createdBy: "c@example.com" }).run();
    expect((await start(303, "c@example.com", { perUser: 1, total: 1 })).status).toBe("queued");
    expect((await refusal(() => start(404, "d@example.com", { perUser: 1, total: 1 }))).message).toContain("1 test run is already running in this workspace");
  });

  it("keeps who started the run in its snapshot, so the count survives a relabelled actor", async () => {
    const run = await start(505, "e@example.com", { perUser: 5, total: 50 });
    expect(run.snapshot).toMatchObject({ startedByUserId: 505, script: "pass" });
  });

  it("gives concurrent requests only the places left: counting and inserting are one transaction", async () => {
    getDb().delete(runs).run();
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => start(600 + i, `u${i}@example.com`, { perUser: 5, total: 3 })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
  });
});
