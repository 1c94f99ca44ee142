import type { Metadata } from "next";
import { DatabasesView } from "./databases-view";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Databases" };

export default async function DatabasesPage() {
  const user = await requirePageUser("viewer");
  // Viewers see every connection and its tables read-only; the API refuses their changes anyway.
  return <DatabasesView canEdit={hasRole(user.role, "editor")} />;
}
