// Verified tokens, by hash, for a few seconds: a busy client then costs one Map lookup per request,
// not a join. A revoke, a role change or a user disabled in this process drops every entry at once.
// A write by another process (the CLI's `tokens revoke`) drops them too: callers pass SQLite's
// `data_version`, which changes whenever another connection commits, so a revoke is never late.
export const VERIFIED_TOKEN_MS = 5_000;
const MAX_ENTRIES = 10_000;
const verified = new Map<string, { value: unknown; until: number }>();
let seenVersion: number | null = null;
// Moves on every forget: a verification that read the token before a revoke committed (and so saw
// it valid) must not be kept once the revoke has forgotten everything (reads and writes interleave).
let epoch = 0;

/** What `rememberToken` must be given: taken before the token row is read. */
export function verifiedEpoch(): number {
  return epoch;
}

/** Drops every entry when the store was written by another connection since the last call. */
export function noteStoreVersion(version: number): void {
  if (seenVersion !== null && version !== seenVersion) verified.clear();
  seenVersion = version;
}

export function cachedToken<T>(hash: string, now: number): T | undefined {
  const hit = verified.get(hash);
  if (!hit) return undefined;
  if (hit.until > now) return hit.value as T;
  verified.delete(hash);
  return undefined;
}

/** Keeps a verification made from a row read at `readAt` (a `verifiedEpoch()`), unless everything was forgotten since. */
export function rememberToken(hash: string, value: unknown, now: number, readAt: number): void {
  if (readAt !== epoch) return;
  if (verified.size >= MAX_ENTRIES) verified.clear();
  verified.set(hash, { value, until: now + VERIFIED_TOKEN_MS });
}

/** Forgets every verified token: call after revoking tokens or changing or disabling users. */
export function forgetVerifiedTokens(): void {
  epoch++;
  verified.clear();
}
