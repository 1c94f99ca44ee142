import { afterAll, describe, expect, it } from "vitest";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { executeRun } from "./execute";
import { createRun, getRun, updateRun, type RunSnapshot } from "./service";

const temp = useTempDataDir();
afterAll(temp.cleanup);

const snapshot: RunSnapshot = {
  feedName: null,
  table: null,
  connectionId: null,
  language: "python",
  script: "import time\nfrom lib import outputStream\noutputStream.write({'a': 1})\noutputStream.flush()\ntime.sleep(60)\n",
  dependencies: [],
  loadType: "incremental",
  destinations: [],
};

async function until(check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a worker that lost its job's lease", () => {
  it("stops the script and leaves the reaper's verdict (worker_lost) standing, not 'cancelled'", async () => {
    const run = await createRun({ feedId: null, kind: "test", trigger: "manual", snapshot, createdBy: "t" });
    const lease = new AbortController();
    const outcome = executeRun(run.id, lease.signal);
    await until(async () => (await getRun(run.id)).status === "running");
    // What the reaper does when the lease expires (LoadJob.onLost in lib/runs/load-job.ts), then the
    // worker's heartbeat finds the job gone and aborts at once.
    await updateRun(run.id, { status: "failed", errorKind: "worker_lost", error: "The worker running this load stopped", finishedAt: new Date() });
    lease.abort();
    expect((await outcome).status).toBe("failed");
    expect(await getRun(run.id)).toMatchObject({ status: "failed", errorKind: "worker_lost", error: "The worker running this load stopped" });
  }, 60_000);
});
