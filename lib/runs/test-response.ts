import "server-only";
import { NextResponse } from "next/server";
import type { Run } from "@/lib/db/tables";
import { runSchema } from "./schemas";
import { withDuration } from "./service";

const WAIT_LIMIT_MS = 75_000;

/** ?wait=true blocks until the test run ends (200); otherwise 202 at once, and the client follows /api/runs/{id}/events. */
export async function testRunResponse(wait: boolean, started: { run: Run; done: Promise<Run> }): Promise<Response> {
  if (!wait) return NextResponse.json(runSchema.parse(withDuration(started.run)), { status: 202 });
  const finished = await Promise.race([started.done, new Promise<null>((r) => setTimeout(() => r(null), WAIT_LIMIT_MS))]);
  return NextResponse.json(runSchema.parse(withDuration(finished ?? started.run)), { status: finished ? 200 : 202 });
}
