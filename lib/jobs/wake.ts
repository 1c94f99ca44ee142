// This process's worker, if one runs here (lib/jobs/worker.ts registers it): a provider asks it to
// claim at once when a job is handed over, without importing the worker (which imports providers).
const g = globalThis as unknown as { __switchyardWake?: () => void };

export function registerWake(wake: (() => void) | undefined): void {
  g.__switchyardWake = wake;
}

/** Makes this process's worker claim now rather than at its next poll; a no-op where none runs. */
export function wakeWorker(): void {
  g.__switchyardWake?.();
}
