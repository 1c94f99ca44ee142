"use client";

import Link from "next/link";
import { BackendStatusList } from "@/components/provisioning/backend-status-list";
import { InUseBadge } from "@/components/provisioning/in-use-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import { SectionHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useProvisioning } from "@/lib/provisioning/queries";

export function ProvisioningView({ isAdmin }: { isAdmin: boolean }) {
  const overview = useProvisioning();
  if (overview.isPending) return <TableSkeleton columns={6} />;
  if (overview.isError) return <ErrorState error={overview.error} onRetry={() => overview.refetch()} retrying={overview.isFetching} />;
  const { backends, credentials } = overview.data;
  return (
    <div className="space-y-8">
      <section>
        <SectionHeader
          title="Backends"
          description={isAdmin ? <>Where sandboxes are created. Change them in <Link className="underline" href="/settings/provisioning">Settings -&gt; Provisioning</Link>.</> : "Where sandboxes are created."}
        />
        <BackendStatusList backends={backends} />
      </section>
      <section>
        <SectionHeader title="Credentials" description={isAdmin ? "Everyone's provisioned credentials." : "Your provisioned credentials."} />
        {credentials.length === 0 ? (
          <EmptyState title="No credentials yet" description="Clients create them with POST /provisioning/{backend} and an API token in X-StorageApi-Token." />
        ) : (
          <Table aria-label="Provisioned credentials">
            <THead>
              <tr>
                <Th>Backend</Th>
                <Th>Type</Th>
                <Th>Owner</Th>
                <Th>Created</Th>
                <Th>Last touch</Th>
                <Th>In use</Th>
              </tr>
            </THead>
            <TBody>
              {credentials.map((c) => (
                <Tr key={c.id} data-testid={`credentials-${c.id}`}>
                  <Td>
                    <Link className="font-medium underline-offset-2 hover:underline" href={`/sandboxes/${c.id}`}>
                      {c.backend}
                    </Link>
                    <div className="font-mono text-xs text-zinc-500">{c.user}</div>
                  </Td>
                  <Td>{c.type}</Td>
                  <Td>{c.owner}</Td>
                  <Td title={c.createdAt}>{formatDateTime(c.createdAt)}</Td>
                  <Td title={c.touchedAt}>{formatRelative(c.touchedAt)}</Td>
                  <Td>
                    <InUseBadge inUse={c.inUse} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}
