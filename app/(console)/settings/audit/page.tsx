import type { Metadata } from "next";
import { Suspense } from "react";
import { TableSkeleton } from "@/components/ui/skeleton";
import { requirePageUser } from "@/lib/auth/session";
import { AuditView } from "./audit-view";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requirePageUser("admin");
  return (
    <Suspense fallback={<TableSkeleton rows={8} columns={6} />}>
      <AuditView />
    </Suspense>
  );
}
