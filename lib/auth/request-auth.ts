import "server-only";
import { ApiError } from "@/lib/api/errors";
import { clientIp, type Actor } from "@/lib/auth/actor";
import { getSessionUser } from "@/lib/auth/session";
import { authenticateToken } from "@/lib/tokens/service";

// The four headers external clients use for tokens: our own, Pivot's, Keboola's and Dataherald's.
export function tokenFromHeaders(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  if (authorization && /^bearer\s+/i.test(authorization)) return authorization.replace(/^bearer\s+/i, "").trim();
  return headers.get("x-imply-api-token") ?? headers.get("x-storageapi-token") ?? headers.get("x-api-key");
}

/** Token first (a wrong token is 401 even with a session cookie), then the session cookie. */
export async function authenticateRequest(headers: Headers, requestId: string): Promise<Actor | null> {
  const ip = clientIp(headers);
  const raw = tokenFromHeaders(headers);
  if (raw !== null) {
    const principal = authenticateToken(raw);
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
