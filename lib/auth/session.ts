import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { authOptions } from "@/lib/auth/options";
import { hasRole, type Role } from "@/lib/auth/roles";
import type { User } from "@/lib/db/tables";
import { sessionUser, type SessionClaims } from "@/lib/users/sessions";

/** The signed-in, enabled user of this request, or null. */
// A cookie from before a password change, reset, disable, role change or "sign out everywhere"
// (its generation is stale), or one whose session was signed out, is no session at all.
export const getSessionUser = cache(async (): Promise<User | null> => {
  const session = (await getServerSession(authOptions())) as SessionClaims | null;
  return sessionUser(session);
});

/** For pages: sends the anonymous to sign-in and answers 403 when the role is too low. */
export async function requirePageUser(role: Role = "viewer"): Promise<User> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  if (!hasRole(user.role, role)) forbidden();
  return user;
}
