import type { Metadata } from "next";
import { BackLink } from "@/components/databases/back-link";
import { DatabaseForm } from "@/components/databases/database-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New database connection" };

export default async function NewDatabasePage() {
  await requirePageUser("editor");
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-3">
        <BackLink href="/databases">Databases</BackLink>
        <PageHeader
          title="New database connection"
          description="Test it as often as you like. Save tests it once more: a connection that cannot connect is never saved."
        />
      </div>
      <DatabaseForm />
    </div>
  );
}
