"use client";

import Link from "next/link";
import { useState } from "react";
import { LastTestBadge } from "@/components/connections/last-test-badge";
import { SshBadge, StoredOnlyBadge } from "@/components/databases/database-badges";
import { SOURCE_LABEL, dialectLabel } from "@/components/databases/dialects";
import { locationOf } from "@/components/databases/location";
import { TablesProgress } from "@/components/databases/tables-progress";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PlusIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { SearchBox } from "@/components/ui/search-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Pager } from "@/components/ui/pager";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useDatabases } from "@/lib/databases/queries";

const DESCRIPTION = "The warehouses Dataherald-style clients query. Switchyard connects to each one and discovers its tables for them.";

export function DatabasesView({ canEdit }: { canEdit: boolean }) {
  const [q, setQ] = useState<string | undefined>(undefined);
  const databases = useDatabases({ q });
  const rows = databases.data?.rows;
  const newButton = canEdit ? (
    <Link href="/databases/new" className={buttonClasses("primary")}>
      <PlusIcon className="size-4" />
      New database connection
    </Link>
  ) : null;

  return (
    <div className="space-y-6">
      <PageHeader title="Databases" description={DESCRIPTION} actions={newButton} />
      <div role="search" aria-label="Filter database connections">
        <SearchBox id="database-search" label="Search database connections" value={q} onSearch={setQ} />
      </div>

      {databases.isPending ? (
        <TableSkeleton rows={4} columns={5} />
      ) : databases.isError || !rows ? (
        <ErrorState error={databases.error} onRetry={() => databases.refetch()} retrying={databases.isFetching} />
      ) : rows.length === 0 && q ? (
        <EmptyState title="No database connections match this name" description="Try another name." />
      ) : rows.length === 0 ? (
        <EmptyState
          title="No database connections yet"
          description={
            <>
              Connect a PostgreSQL, MySQL or SQLite database and Switchyard lists its tables, scans their columns and sample rows, and keeps a
              description of each for the clients that query it. Connections made through the Dataherald or Zoomdata APIs show up here too.
              {canEdit ? null : " Ask an editor or admin to add one."}
            </>
          }
          action={newButton}
        />
      ) : (
        <Table aria-label="Database connections">
          <THead>
            <tr>
              <Th>Name</Th>
              <Th>Dialect</Th>
              <Th>Location</Th>
              <Th>Last test</Th>
              <Th>Tables</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((d) => (
              <Tr key={d.id} data-testid="database-row" data-database-id={d.id} className="relative">
                <Td className="max-w-64">
                  {/* The whole row opens the connection; the link is the one focusable target. */}
                  <Link
                    href={`/databases/${d.id}`}
                    className="block truncate font-medium text-zinc-900 after:absolute after:inset-0 hover:text-accent-700 dark:text-zinc-100 dark:hover:text-accent-300"
                    title={d.name}
                  >
                    {d.name}
                  </Link>
                  <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{SOURCE_LABEL[d.source] ?? d.source}</p>
                </Td>
                <Td className="whitespace-nowrap">
                  <span className="text-zinc-800 dark:text-zinc-200">{dialectLabel(d.dialect)}</span>
                  {d.driverAvailable ? null : (
                    <span className="mt-1 block">
                      <StoredOnlyBadge />
                    </span>
                  )}
                </Td>
                <Td className="max-w-72">
                  <div className="flex items-center gap-2">
                    <span className="truncate font-mono text-[13px] text-zinc-700 dark:text-zinc-300" title={locationOf(d)}>
                      {locationOf(d)}
                    </span>
                    {d.useSsh ? <SshBadge host={d.ssh?.host} /> : null}
                  </div>
                </Td>
                <Td>
                  <LastTestBadge lastTest={d.lastTest} />
                </Td>
                <Td>
                  <TablesProgress tables={d.tables} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {rows && rows.length > 0 ? (
        <Pager
          shown={rows.length}
          total={databases.data?.total ?? 0}
          noun={["database connection", "database connections"]}
          hasMore={databases.hasNextPage}
          loading={databases.isFetchingNextPage}
          onMore={() => databases.fetchNextPage()}
        />
      ) : null}
    </div>
  );
}
