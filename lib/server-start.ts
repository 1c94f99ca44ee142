import "server-only";
import { installHttpGuards } from "@/lib/api/raw-methods";
import { ensureBootstrapped } from "@/lib/bootstrap";
import { loadProvisioningDir } from "@/lib/bundle/provisioning-dir";
import { startWorker } from "@/lib/jobs/worker";
import { log } from "@/lib/log";
import { pythonExecutable } from "@/lib/runners/run-dir";
import { sandboxStatus } from "@/lib/runners/sandbox/status";

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
  // The sandbox and Python probes run programs synchronously: done once here, before requests,
  // rather than in the first script run's request (they stalled the event loop for 0.5-0.9 s).
  try {
    sandboxStatus();
    pythonExecutable();
  } catch (e) {
    log.warn("Scripts cannot run yet", { reason: (e as Error).message });
  }
  // The job worker (load runs, schedules, retries) runs inside the server unless it runs on its own
  // (`npx switchyard worker`) and SWITCHYARD_WORKER=off is set here.
  if (process.env.SWITCHYARD_WORKER !== "off") startWorker();
  // PROVISIONING_DIR: read now (in the background: feeds it declares active are test-run first) and
  // again on SIGHUP, as Grafana re-reads its provisioning.
  if (process.env.PROVISIONING_DIR) {
    const reload = () => void loadProvisioningDir().catch((e) => log.error("PROVISIONING_DIR could not be read", { error: (e as Error).message }));
    reload();
    process.on("SIGHUP", reload);
  }
}
