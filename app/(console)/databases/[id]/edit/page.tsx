import type { Metadata } from "next";
import { BackLink } from "@/components/databases/back-link";
import { DatabaseForm } from "@/components/databases/database-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/session";
import { loadDatabase } from "../../load-database";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Edit ${(await loadDatabase((await params).id)).name}` };
}

export default async function EditDatabasePage({ params }: Props) {
  await requirePageUser("editor");
  const connection = await loadDatabase((await params).id);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-3">
        <BackLink href={`/databases/${connection.id}`}>{connection.name}</BackLink>
        <PageHeader
          title={`Edit ${connection.name}`}
          description="Saved passwords and keys are never shown: enter them again. Save tests the connection before it changes anything."
        />
      </div>
      <DatabaseForm connection={connection} />
    </div>
  );
}
