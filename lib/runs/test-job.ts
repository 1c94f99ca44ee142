import "server-only";
import { z } from "zod";
import { markScriptTested } from "@/lib/feeds/service";
import { defineJob } from "@/lib/jobs/define";
import { log } from "@/lib/log";
import { executeRun, type RunOutcome } from "./execute";
import { getRun, TEST_LOST_KIND, updateRun } from "./service";

export const TEST_JOB = "feed.test";

const stillActive = (status: string) => status === "queued" || status === "running";

/**
 * A test run, executed by whichever worker claims it (in distributed mode never the console that
 * took the request: a test runs an unvetted script). Someone is watching, so it runs in the
 * worker's interactive lane, and it is never retried: a lost test is failed and they test again.
 */
export const TestJob = defineJob({
  id: TEST_JOB,
  payload: z.object({ runId: z.number().int().positive() }),
  maxAttempts: 1,
  lane: "interactive",
  handler: async ({ runId }, { signal, workerId }) => {
    let outcome: RunOutcome;
    try {
      outcome = await executeRun(runId, signal, `worker ${workerId}`);
    } catch (e) {
      // executeRun records every failure of the script itself; this is one before it could start
      // (the run gone, no snapshot). Left queued, the run would hold a place in the limits.
      const message = (e as Error).message;
      const run = await getRun(runId).catch(() => null);
      if (run && stillActive(run.status)) await updateRun(runId, { status: "failed", errorKind: "setup", error: `The test could not start: ${message}`, finishedAt: new Date() });
      throw e;
    }
    if (outcome.status === "succeeded") {
      const run = await getRun(runId);
      // The feed may be activated with this exact script from now on (checkScriptTested); a
      // draft's edits are the snapshot, so only what was tested is marked.
      if (run.feedId && run.snapshot) {
        await markScriptTested(run.feedId, run.snapshot).catch((e) => log.warn("Could not mark the script as tested", { runId, error: (e as Error).message }));
      }
    }
    return { status: outcome.status, result: { runId, status: outcome.status }, error: outcome.error ?? undefined };
  },
  /** The worker died under the test (lease expired): the run is failed, saying so, unless it already ended. */
  onLost: async ({ runId }, { job }) => {
    const run = await getRun(runId).catch(() => null);
    if (!run || !stillActive(run.status)) return;
    const started = run.status === "running" ? "while it ran" : "before it started";
    await updateRun(runId, {
      status: "failed",
      errorKind: TEST_LOST_KIND,
      finishedAt: new Date(),
      error: `The process running this test (the server's worker or a switchyard worker) stopped ${started} (crashed or killed): ${job.lastError}. Test it again.`,
    });
  },
});
