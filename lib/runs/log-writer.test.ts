import { asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/tx";
import { runLogs } from "@/lib/db/schema";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { RunLogWriter } from "./log-writer";
import { createRun, type RunSnapshot } from "./service";

const temp = useTempDataDir();
afterAll(temp.cleanup);

const snapshot: RunSnapshot = { feedName: null, table: null, connectionId: null, language: "python", script: "pass", dependencies: [], loadType: "incremental", destinations: [] };

describe("the run log writer", () => {
  it("stores every line once, in the order written, batched in the background and on flush", async () => {
    const run = await createRun({ feedId: null, kind: "test", trigger: "manual", snapshot, createdBy: "t" });
    const logs = new RunLogWriter(run.id);
    // 1,200 lines: two full batches stored in the background while writing, the rest on flush.
    for (let i = 0; i < 1200; i++) logs.write("stdout", `line ${i}`);
    await logs.flush();
    const stored = await db().select({ seq: runLogs.seq, line: runLogs.line }).from(runLogs).where(eq(runLogs.runId, run.id)).orderBy(asc(runLogs.seq));
    expect(stored).toHaveLength(1200);
    expect(stored.every((r, i) => r.seq === i + 1 && r.line === `line ${i}`)).toBe(true);
  });
});
