import { clientIpFrom } from "./forwarded";
import { installPeerAddressHeader } from "./peer-address";
import type { Role } from "./roles";

installPeerAddressHeader();

// Who is doing something, as services and the audit log see it.
export type Actor = {
  type: "user" | "token" | "system" | "anonymous";
  userId: number | null;
  tokenId?: number;
  // Email for users, "token <name> (<prefix>…)" for tokens, "cli" / "system" otherwise.
  label: string;
  role: Role;
  ip: string | null;
  requestId: string | null;
};

export const SYSTEM_ACTOR: Actor = { type: "system", userId: null, label: "system", role: "admin", ip: null, requestId: null };

export function cliActor(): Actor {
  return { type: "system", userId: null, label: `cli (${process.env.USER ?? "unknown user"})`, role: "admin", ip: null, requestId: null };
}

/** The client's address, trusting forwarded headers only from TRUSTED_PROXIES (lib/auth/forwarded.ts). */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string | null {
  return clientIpFrom(headers);
}
