import type { TokenOut } from "@/lib/tokens/schemas";

export type TokenStatus = "Active" | "Revoked" | "Expired";

export function tokenStatus(token: TokenOut, now = Date.now()): TokenStatus {
  if (token.revokedAt) return "Revoked";
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return "Expired";
  return "Active";
}
