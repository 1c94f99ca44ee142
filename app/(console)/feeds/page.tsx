import type { Metadata } from "next";
import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui/skeleton";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { FeedsView } from "./feeds-view";

export const metadata: Metadata = { title: "Feeds" };

export default async function FeedsPage() {
  const user = await requirePageUser("viewer");
  return (
    <Suspense fallback={<TableSkeleton rows={6} columns={7} />}>
      <FeedsView canEdit={hasRole(user.role, "editor")} />
    </Suspense>
  );
}
