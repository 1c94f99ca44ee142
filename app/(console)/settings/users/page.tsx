import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { UsersView } from "./users-view";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requirePageUser("admin");
  return <UsersView currentUserId={user.id} />;
}
