import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { holdWriteLock } from "@/lib/testing/hold-write-lock";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { cancelRun, createRun, getRun, reapOrphanedTestRuns, shouldStop, testRunLeaseMs, updateRun, type RunSnapshot } from "./service";

const temp = useTempDataDir();
afterAll(temp.cleanup);

const snapshot: RunSnapshot = { feedName: null, table: null, connectionId: null, language: "python", script: "pass", dependencies: [], loadType: "incremental", destinations: [] };
const actor: Actor = { type: "system", userId: null, label: "system", role: "admin", ip: null, requestId: null };

/** A running run whose executor last beat `agoMs` ago. */
async function running(kind: "test" | "load", agoMs: number) {
  const run = await createRun({ feedId: null, kind, trigger: "manual", snapshot, createdBy: "t" });
  const beat = new Date(Date.now() - agoMs);
  await updateRun(run.id, { status: "running", startedAt: beat, heartbeatAt: beat });
  return run.id;
}

beforeEach(() => {
  getDb().delete(runs).run();
});

describe("orphaned runs (issue 12, item 8)", () => {
  it("reaps a test run whose heartbeat stopped longer than the lease ago, and nothing else", async () => {
    const lost = await running("test", testRunLeaseMs() + 1_000);
    const alive = await running("test", 500);
    const load = await running("load", testRunLeaseMs() + 1_000);
    expect(await reapOrphanedTestRuns()).toEqual([lost]);
    expect(await getRun(lost)).toMatchObject({ status: "failed", errorKind: "server_lost" });
    expect((await getRun(lost)).error).toContain("crashed or killed");
    expect((await getRun(lost)).finishedAt).not.toBeNull();
    expect((await getRun(alive)).status).toBe("running");
    // Load runs are reaped through their job's lease instead.
    expect((await getRun(load)).status).toBe("running");
    expect(await reapOrphanedTestRuns()).toEqual([]);
  });

  it("spares a silent test run whose heartbeat lands while the reaper waits for the write lock", async () => {
    const stalled = await running("test", testRunLeaseMs() + 1_000);
    // The heartbeat's write holds the lock while the reaper reads the run as silent.
    const lock = await holdWriteLock();
    const reaping = reapOrphanedTestRuns();
    await new Promise((r) => setImmediate(r));
    await lock.release(() => updateRun(stalled, { heartbeatAt: new Date() }));
    expect(await reaping).toEqual([]);
    expect((await getRun(stalled)).status).toBe("running");
  });

  it("cancel ends a run nobody is executing at once, and only asks a live one to stop", async () => {
    const orphan = await running("test", 6_000);
    expect(await cancelRun(actor, orphan)).toMatchObject({ status: "cancelled", cancelRequested: true, errorKind: "cancelled" });
    const live = await running("load", 200);
    expect(await cancelRun(actor, live)).toMatchObject({ status: "running", cancelRequested: true });
    expect(await shouldStop(live)).toBe("cancel");
  });

  it("tells a stalled executor that its run was ended elsewhere", async () => {
    const id = await running("test", 0);
    expect(await shouldStop(id)).toBeNull();
    await updateRun(id, { status: "failed" });
    expect(await shouldStop(id)).toBe("ended");
  });
});
