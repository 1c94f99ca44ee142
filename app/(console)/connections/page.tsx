import type { Metadata } from "next";
import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui/skeleton";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { ConnectionsView } from "./connections-view";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage() {
  const user = await requirePageUser("viewer");
  // Viewers see every connection read-only; the API refuses their changes anyway.
  return (
    <Suspense fallback={<TableSkeleton rows={5} columns={6} />}>
      <ConnectionsView canEdit={hasRole(user.role, "editor")} />
    </Suspense>
  );
}
