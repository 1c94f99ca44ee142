import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { cancelRun, createRun, getRun, reapOrphanedTestRuns, shouldStop, testRunLeaseMs, updateRun, type RunSnapshot } from "./service";

const temp = useTempDataDir();
afterAll(temp.cleanup);

const snapshot: RunSnapshot = { feedName: null, table: null, connectionId: null, language: "python", script: "pass", dependencies: [], loadType: "incremental", destinations: [] };
const actor: Actor = { type: "system", userId: null, label: "system", role: "admin", ip: null, requestId: null };

/** A running run whose executor last beat `agoMs` ago. */
function running(kind: "test" | "load", agoMs: number) {
  const run = createRun({ feedId: null, kind, trigger: "manual", snapshot, createdBy: "t" });
  const beat = new Date(Date.now() - agoMs);
  updateRun(run.id, { status: "running", startedAt: beat, heartbeatAt: beat });
  return run.id;
}

beforeEach(() => {
  getDb().delete(runs).run();
});

describe("orphaned runs (issue 12, item 8)", () => {
  it("reaps a test run whose heartbeat stopped longer than the lease ago, and nothing else", () => {
    const lost = running("test", testRunLeaseMs() + 1_000);
    const alive = running("test", 500);
    const load = running("load", testRunLeaseMs() + 1_000);
    expect(reapOrphanedTestRuns()).toEqual([lost]);
    expect(getRun(lost)).toMatchObject({ status: "failed", errorKind: "server_lost" });
    expect(getRun(lost).error).toContain("crashed or killed");
    expect(getRun(lost).finishedAt).not.toBeNull();
    expect(getRun(alive).status).toBe("running");
    // Load runs are reaped through their job's lease instead.
    expect(getRun(load).status).toBe("running");
    expect(reapOrphanedTestRuns()).toEqual([]);
  });

  it("cancel ends a run nobody is executing at once, and only asks a live one to stop", () => {
    const orphan = running("test", 6_000);
    expect(cancelRun(actor, orphan)).toMatchObject({ status: "cancelled", cancelRequested: true, errorKind: "cancelled" });
    const live = running("load", 200);
    expect(cancelRun(actor, live)).toMatchObject({ status: "running", cancelRequested: true });
    expect(shouldStop(live)).toBe("cancel");
  });

  it("tells a stalled executor that its run was ended elsewhere", () => {
    const id = running("test", 0);
    expect(shouldStop(id)).toBeNull();
    updateRun(id, { status: "failed" });
    expect(shouldStop(id)).toBe("ended");
  });
});
