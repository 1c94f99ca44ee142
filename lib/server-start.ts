import "server-only";
import { installHttpGuards } from "@/lib/api/raw-methods";
import { ensureBootstrapped } from "@/lib/bootstrap";
import { startWorker } from "@/lib/jobs/worker";

/** What a starting server does: first-start work, then the job worker. Called from instrumentation.ts. */
export async function startServer(): Promise<void> {
  // Methods and requests Next cannot refuse cleanly are refused by the HTTP server itself.
  installHttpGuards();
  try {
    await ensureBootstrapped();
  } catch (e) {
    // A server that cannot open its store or keys must not come up half-working.
    console.error(`Switchyard cannot start: ${(e as Error).message}`);
    process.exit(1);
  }
  // The job worker (load runs, schedules, retries) runs inside the server unless it runs on its own
  // (`npx switchyard worker`) and SWITCHYARD_WORKER=off is set here.
  if (process.env.SWITCHYARD_WORKER !== "off") startWorker();
}
