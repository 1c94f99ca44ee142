// The arithmetic of the sign-in limits (lib/auth/sign-in-limit.ts), free of I/O so it is tested
// with an injected clock.

export type Limit = {
  // Failures in the window before the first lock.
  threshold: number;
  // The first lock; each further failure doubles it, up to capMs.
  baseMs: number;
  capMs: number;
};

// Failures older than this no longer count.
export const WINDOW_MS = 60 * 60 * 1000;

export const LIMITS = {
  pair: { threshold: 5, baseMs: 60_000, capMs: 60 * 60_000 },
  address: { threshold: 20, baseMs: 60_000, capMs: 60 * 60_000 },
  email: { threshold: 100, baseMs: 60_000, capMs: 60 * 60_000 },
} satisfies Record<string, Limit>;

/** When the next attempt is allowed after `count` failures, the last at `lastAt` (ms); null if no lock. */
export function backoffUntil(count: number, lastAt: number, limit: Limit): number | null {
  if (count < limit.threshold) return null;
  const doublings = Math.min(count - limit.threshold, 40);
  return lastAt + Math.min(limit.capMs, limit.baseMs * 2 ** doublings);
}
