import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { TokensView } from "./tokens-view";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const user = await requirePageUser("viewer");
  return <TokensView currentUserId={user.id} role={user.role} />;
}
