// The queue's lease and the backoff between attempts (the environment can shorten both for tests).

export function leaseMs(): number {
  return Number(process.env.SWITCHYARD_JOB_LEASE_MS) || 30_000;
}

export function backoffMs(attempt: number): number {
  const base = Number(process.env.SWITCHYARD_RETRY_BACKOFF_MS) || 30_000;
  return Math.min(base * 2 ** Math.max(0, attempt - 1), 60 * 60_000);
}
