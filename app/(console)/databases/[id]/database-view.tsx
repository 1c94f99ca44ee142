"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { BackLink } from "@/components/databases/back-link";
import { SshBadge, StoredOnlyBadge } from "@/components/databases/database-badges";
import { DatabaseSummary } from "@/components/databases/database-summary";
import { DatabaseTestResultPanel } from "@/components/databases/database-test-result";
import { dialectLabel, isDialect } from "@/components/databases/dialects";
import { TablesPanel } from "@/components/databases/tables-panel";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PencilIcon, TrashIcon, ZapIcon } from "@/components/ui/icons";
import { errorMessage } from "@/lib/api-client";
import { ProvisionedBadge } from "@/components/console/provisioned-badge";
import { useDatabase, useDeleteDatabase, useTestSavedDatabase, type DatabaseConnectionOut, type DatabaseTestResult } from "@/lib/databases/queries";

export function DatabaseView({ initial, canEdit }: { initial: DatabaseConnectionOut; canEdit: boolean }) {
  const router = useRouter();
  const query = useDatabase(initial.id, initial);
  const d = query.data ?? initial;
  const test = useTestSavedDatabase(d.id);
  const remove = useDeleteDatabase();
  const [result, setResult] = useState<DatabaseTestResult | null>(null);
  const [deleting, setDeleting] = useState(false);
  // Connections described by a Zoomdata JDBC type the form does not know are changed through that API.
  const editable = isDialect(d.dialect);

  const runTest = () => {
    setResult(null);
    test.mutate(undefined, {
      onSuccess: setResult,
      onError: (error) => toast.error(errorMessage(error)),
    });
  };

  const confirmDelete = () =>
    remove.mutate(d.id, {
      onSuccess: () => {
        toast.success(`Connection ${d.name} deleted`);
        router.push("/databases");
      },
      onError: (error) => {
        setDeleting(false);
        toast.error(errorMessage(error));
      },
    });

  return (
    <div className="space-y-8">
      <div className="space-y-3">
        <BackLink href="/databases">Databases</BackLink>
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div className="min-w-0 space-y-1.5">
            <h1 className="truncate text-2xl font-semibold tracking-tight" title={d.name}>
              {d.name}
            </h1>
            <div className="flex flex-wrap items-center gap-2">
              <Badge>{dialectLabel(d.dialect)}</Badge>
              {d.useSsh ? <SshBadge host={d.ssh?.host} /> : null}
              {d.driverAvailable ? null : <StoredOnlyBadge />}
              {d.provisionedFrom ? <ProvisionedBadge file={d.provisionedFrom} /> : null}
            </div>
          </div>
          {canEdit ? (
            <div className="flex shrink-0 items-center gap-2">
              <Button variant="secondary" onClick={runTest} loading={test.isPending} disabled={!d.driverAvailable}>
                {test.isPending ? null : <ZapIcon className="size-4" />}
                Test
              </Button>
              {editable && !d.provisionedFrom ? (
                <Link href={`/databases/${d.id}/edit`} className={buttonClasses("secondary")}>
                  <PencilIcon className="size-4" />
                  Edit
                </Link>
              ) : null}
              {d.provisionedFrom ? null : (
                <Button variant="ghostDanger" onClick={() => setDeleting(true)}>
                  <TrashIcon className="size-4" />
                  Delete
                </Button>
              )}
            </div>
          ) : null}
        </div>
      </div>

      <div aria-live="polite" className="empty:hidden">
        {result ? <DatabaseTestResultPanel result={result} /> : null}
      </div>

      <DatabaseSummary connection={d} />
      <TablesPanel connection={d} canEdit={canEdit} />

      <ConfirmDialog
        open={deleting}
        title={`Delete ${d.name}?`}
        description="Its saved credentials and every table description are erased, for the console and for API clients. This cannot be undone."
        confirmLabel="Delete connection"
        pending={remove.isPending}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(false)}
      />
    </div>
  );
}
