"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { CopyField } from "@/components/provisioning/copy-field";
import { InUseBadge } from "@/components/provisioning/in-use-badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState } from "@/components/ui/error-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { LoadingState } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/api-client";
import { useDropCredentials, useExtendCredentials, useKillProcesses, useProvisionedCredentials, useRevealPassword } from "@/lib/provisioning/queries";

export function CredentialsDetail({ id }: { id: string }) {
  const router = useRouter();
  const credentials = useProvisionedCredentials(id);
  const reveal = useRevealPassword();
  const extend = useExtendCredentials();
  const kill = useKillProcesses();
  const drop = useDropCredentials();
  const [password, setPassword] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  if (credentials.isPending) return <LoadingState />;
  if (credentials.isError) return <ErrorState error={credentials.error} onRetry={() => credentials.refetch()} retrying={credentials.isFetching} />;
  const c = credentials.data;

  const run = async <T,>(action: () => Promise<T>, done: (result: T) => string) => {
    try {
      toast.success(done(await action()));
    } catch (error) {
      toast.error(errorMessage(error));
    }
  };

  return (
    <div className="space-y-6">
      <PageHeader
        title={`${c.backend} / ${c.type}`}
        description={`Owned by ${c.owner}. Created ${formatDateTime(c.createdAt)}; last touched ${formatDateTime(c.touchedAt)}; dropped ${formatDateTime(c.expiresAt)} unless extended.`}
        actions={
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" disabled={!c.canExtend} title={c.canExtend ? undefined : "This backend cannot extend its sandboxes"} loading={extend.isPending} onClick={() => run(() => extend.mutateAsync(id), () => "Extended")}>
              Extend
            </Button>
            <Button variant="secondary" loading={kill.isPending} onClick={() => run(() => kill.mutateAsync(id), (r) => `Ended ${r.killed} session${r.killed === 1 ? "" : "s"}`)}>
              Kill processes
            </Button>
            <Button variant="danger" onClick={() => setConfirming(true)}>
              Drop
            </Button>
          </div>
        }
      />
      <div className="flex items-center gap-2 text-sm">
        Sessions: <InUseBadge inUse={c.inUse} />
      </div>
      <dl className="grid max-w-2xl gap-4">
        <CopyField label="Host" value={c.hostname} />
        <CopyField label="Port" value={c.port === null ? "" : String(c.port)} />
        <CopyField label="Database" value={c.db} />
        {c.schema && c.schema !== c.db ? <CopyField label="Schema" value={c.schema} /> : null}
        {c.warehouse ? <CopyField label="Warehouse" value={c.warehouse} /> : null}
        <CopyField label="User" value={c.user} />
        {password === null ? (
          <div>
            <dt className="text-sm font-medium">Password</dt>
            <dd className="mt-1">
              <Button variant="secondary" loading={reveal.isPending} onClick={() => run(async () => setPassword((await reveal.mutateAsync(id)).password), () => "Password revealed (recorded in the audit log)")}>
                Reveal password
              </Button>
            </dd>
          </div>
        ) : (
          <CopyField label="Password" value={password} />
        )}
      </dl>
      <ConfirmDialog
        open={confirming}
        title="Drop these credentials?"
        description={`The login ${c.user}, its open sessions and its ${c.backend === "redshift-workspace" ? "schema" : "database"} ${c.schema ?? c.db} are removed from the server, with everything in them.`}
        confirmLabel="Drop"
        pending={drop.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          run(
            async () => {
              await drop.mutateAsync(id);
              router.push("/sandboxes");
            },
            () => "Dropped",
          )
        }
      />
    </div>
  );
}
