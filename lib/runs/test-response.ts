import "server-only";
import { NextResponse } from "next/server";
import { runSchema } from "./schemas";
import { withDuration } from "./service";
import type { StartedTestRun } from "./start";

const WAIT_LIMIT_MS = 75_000;

/** ?wait=true blocks until the test run ends (200); otherwise 202 at once, and the client follows /api/runs/{id}/events. */
export async function testRunResponse(wait: boolean, started: StartedTestRun): Promise<Response> {
  if (!wait) {
    started.stopWaiting();
    return NextResponse.json(runSchema.parse(withDuration(started.run)), { status: 202 });
  }
  // Past the limit the poll stops and `done` gives the run as it is then: 202, still under way.
  const giveUp = setTimeout(started.stopWaiting, WAIT_LIMIT_MS);
  try {
    const run = await started.done;
    const finished = run.status !== "queued" && run.status !== "running";
    return NextResponse.json(runSchema.parse(withDuration(run)), { status: finished ? 200 : 202 });
  } finally {
    clearTimeout(giveUp);
    started.stopWaiting();
  }
}
