import "server-only";
import { ApiError } from "@/lib/api/errors";
import { clientIp, type Actor } from "@/lib/auth/actor";
import { clientAddress } from "@/lib/auth/forwarded";
import { getSessionUser } from "@/lib/auth/session";
import { verifyPassword } from "@/lib/auth/passwords";
import { rateLimitMessage, recordSignInFailure, retryAfterSeconds, signInLock } from "@/lib/auth/sign-in-limit";
import { authenticateToken } from "@/lib/tokens/service";
import { findUserByEmail } from "@/lib/users/service";

// The four headers external clients use for tokens: our own, Pivot's, Keboola's and Dataherald's.
export function tokenFromHeaders(headers: Headers): string | null {
  if (/^basic\s+/i.test(headers.get("authorization") ?? "")) return headers.get("x-imply-api-token") ?? headers.get("x-storageapi-token") ?? headers.get("x-api-key");
  const authorization = headers.get("authorization");
  if (authorization && /^bearer\s+/i.test(authorization)) return authorization.replace(/^bearer\s+/i, "").trim();
  return headers.get("x-imply-api-token") ?? headers.get("x-storageapi-token") ?? headers.get("x-api-key");
}

/**
 * HTTP Basic with an operator's email and password, for surfaces whose clients send it (Zoomdata):
 * only admins, counted by the same sign-in limit as the console. Null when the header is not Basic.
 */
export async function authenticateBasic(headers: Headers, requestId: string): Promise<Actor | null> {
  const header = headers.get("authorization") ?? "";
  if (!/^basic\s+/i.test(header)) return null;
  const decoded = Buffer.from(header.replace(/^basic\s+/i, ""), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const email = decoded.slice(0, Math.max(0, colon)).trim().toLowerCase();
  const password = decoded.slice(colon + 1);
  const client = clientAddress(headers);
  const ip = client.ip;
  if (colon < 1 || !email) throw new ApiError("unauthorized", "Send Basic credentials as email:password");
  const lock = await signInLock(email, client);
  if (lock) throw new ApiError("rate_limited", rateLimitMessage(lock), undefined, { "retry-after": String(retryAfterSeconds(lock)) });
  const user = await findUserByEmail(email);
  // Always verify against a hash (a fixed one for unknown emails): an unknown email must take as
  // long as a wrong password, or the timing tells which emails have accounts.
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || user.disabled || !ok) {
    await recordSignInFailure(email, client, requestId, { via: "basic" }, user?.id);
    throw new ApiError("unauthorized", "Wrong email or password");
  }
  if (user.role !== "admin") throw new ApiError("forbidden", "Basic authentication is for admins; use an API token otherwise");
  return { type: "user", userId: user.id, label: user.email, role: user.role, ip, requestId };
}

/** Token first (a wrong token is 401 even with a session cookie), then the session cookie. */
export async function authenticateRequest(headers: Headers, requestId: string): Promise<Actor | null> {
  const ip = clientIp(headers);
  const raw = tokenFromHeaders(headers);
  if (raw !== null) {
    const principal = await authenticateToken(raw);
    if (!principal) throw new ApiError("unauthorized", "The API token is invalid, expired or revoked");
    return {
      type: "token",
      userId: principal.user.id,
      tokenId: principal.token.id,
      label: `token ${principal.token.name} (${principal.token.prefix}…) of ${principal.user.email}`,
      role: principal.role,
      ip,
      requestId,
    };
  }
  const user = await getSessionUser();
  if (!user) return null;
  return { type: "user", userId: user.id, label: user.email, role: user.role, ip, requestId };
}
