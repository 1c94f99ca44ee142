import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { authOptions } from "@/lib/auth/options";
import { hasRole, type Role } from "@/lib/auth/roles";
import type { User } from "@/lib/db/schema";
import { getUserById } from "@/lib/users/service";

/** The signed-in, enabled user of this request, or null. */
export const getSessionUser = cache(async (): Promise<User | null> => {
  const session = (await getServerSession(authOptions())) as { userId?: string } | null;
  const id = Number(session?.userId);
  if (!Number.isInteger(id) || id <= 0) return null;
  const user = getUserById(id);
  return user && !user.disabled ? user : null;
});

/** For pages: sends the anonymous to sign-in and answers 403 when the role is too low. */
export async function requirePageUser(role: Role = "viewer"): Promise<User> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  if (!hasRole(user.role, role)) forbidden();
  return user;
}
