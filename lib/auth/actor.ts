import type { Role } from "./roles";

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

export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string | null {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const forwarded = get("x-forwarded-for");
  if (forwarded) return forwarded.split(",")[0].trim() || null;
  return get("x-real-ip") ?? null;
}
