// Verified tokens, by hash, for a few seconds: a busy client then costs one Map lookup per request,
// not a join. A revoke, a role change or a user disabled in this process drops every entry at once;
// one made by another process (the CLI) takes effect within VERIFIED_TOKEN_MS.
export const VERIFIED_TOKEN_MS = 5_000;
const MAX_ENTRIES = 10_000;
const verified = new Map<string, { value: unknown; until: number }>();

export function cachedToken<T>(hash: string, now: number): T | undefined {
  const hit = verified.get(hash);
  if (!hit) return undefined;
  if (hit.until > now) return hit.value as T;
  verified.delete(hash);
  return undefined;
}

export function rememberToken(hash: string, value: unknown, now: number): void {
  if (verified.size >= MAX_ENTRIES) verified.clear();
  verified.set(hash, { value, until: now + VERIFIED_TOKEN_MS });
}

/** Forgets every verified token: call after revoking tokens or changing or disabling users. */
export function forgetVerifiedTokens(): void {
  verified.clear();
}
