"use client";

import { useQueryClient } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { DeleteConnectionDialog } from "@/components/connections/delete-connection-dialog";
import dynamic from "next/dynamic";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { TBody, THead, Table, Th } from "@/components/ui/table";
import { errorMessage } from "@/lib/api-client";
import {
  druidConnectionQuery,
  restConnectionQuery,
  useConnectionPages,
  type ConnectionFilter,
  type ConnectionSummary,
  type DruidConnectionOut,
  type RestConnectionOut,
} from "@/lib/connections/queries";
import { ConnectionFilters } from "./connection-filters";
import { ConnectionRow } from "./connection-row";
import { filterFromSearchParams, filterToUrl } from "./connections-url";
import { NewConnectionMenu } from "./new-connection-menu";

// The forms (and zod, react-hook-form with them) load when a dialog opens, keeping the list light.
const RestConnectionDialog = dynamic(() => import("@/components/connections/rest-connection-dialog").then((m) => m.RestConnectionDialog), { ssr: false });
const DruidConnectionDialog = dynamic(() => import("@/components/connections/druid-connection-dialog").then((m) => m.DruidConnectionDialog), { ssr: false });

export function ConnectionsView({ canEdit }: { canEdit: boolean }) {
  const pathname = usePathname();
  const query = useSearchParams().toString();
  const filter = filterFromSearchParams(new URLSearchParams(query));
  const connections = useConnectionPages(filter);
  const queryClient = useQueryClient();

  const [creating, setCreating] = useState(false);
  const [opening, setOpening] = useState<string | null>(null);
  const [editing, setEditing] = useState<RestConnectionOut | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string; kind: ConnectionSummary["kind"] } | null>(null);
  const [creatingDruid, setCreatingDruid] = useState(false);
  const [editingDruid, setEditingDruid] = useState<DruidConnectionOut | null>(null);
  // Which Druid connections the server's CONNECTIONS_FILE fixes: those are shown, not edited.
  const fixedIds = new Set(connections.data?.rows.filter((c) => c.fixed).map((c) => c.id));

  const setFilter = (next: ConnectionFilter) => window.history.replaceState(null, "", filterToUrl(pathname, next));
  const filtered = Boolean(filter.q || filter.kind);

  // Load the full connection (the list has a summary) and open the dialog once it is here.
  const openEdit = async (id: string, kind: ConnectionSummary["kind"]) => {
    setOpening(id);
    try {
      if (kind === "druid") setEditingDruid(await queryClient.fetchQuery({ ...druidConnectionQuery(id), staleTime: 0 }));
      else setEditing(await queryClient.fetchQuery({ ...restConnectionQuery(id), staleTime: 0 }));
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setOpening(null);
    }
  };

  const newButton = canEdit ? <NewConnectionMenu onRest={() => setCreating(true)} onDruid={() => setCreatingDruid(true)} /> : null;
  const rows = connections.data?.rows;
  const total = connections.data?.total ?? 0;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Connections"
        description="Where feeds get their data: REST APIs with their sign-in, Druid clusters and databases."
        actions={newButton}
      />

      <div className="flex flex-wrap items-center justify-between gap-3">
        <ConnectionFilters filter={filter} onChange={setFilter} />
        {rows ? (
          <p aria-live="polite" className="flex items-center gap-2 text-sm text-zinc-500 dark:text-zinc-400">
            {connections.isFetching && connections.isPlaceholderData ? <Spinner className="size-3.5" label="Updating" /> : null}
            {total} {total === 1 ? "connection" : "connections"}
          </p>
        ) : null}
      </div>

      {connections.isPending ? (
        <TableSkeleton rows={5} columns={6} />
      ) : connections.isError && !rows ? (
        <ErrorState error={connections.error} onRetry={() => connections.refetch()} retrying={connections.isFetching} />
      ) : rows && rows.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No connections match"
            description="Try another name, or show every kind."
            action={
              <Button variant="secondary" onClick={() => setFilter({})}>
                Clear filters
              </Button>
            }
          />
        ) : (
          <EmptyState
            title="No connections yet"
            description={
              <>
                A connection tells Switchyard how to reach a data source: a REST API and how to sign in to it, or a database. Feeds fetch
                their data through a connection, so start here.{canEdit ? null : " Ask an editor or admin to add one."}
              </>
            }
            action={newButton}
          />
        )
      ) : rows ? (
        <div className={connections.isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
          {connections.isError ? (
            <div className="mb-4">
              <ErrorState error={connections.error} onRetry={() => connections.refetch()} retrying={connections.isFetching} />
            </div>
          ) : null}
          <Table aria-label="Connections">
            <THead>
              <tr>
                <Th>Name</Th>
                <Th>Kind</Th>
                <Th>Auth type or dialect</Th>
                <Th>Last test</Th>
                <Th>Used by</Th>
                <Th className="hidden xl:table-cell">Created</Th>
                {canEdit ? (
                  <Th className="text-right">
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </tr>
            </THead>
            <TBody>
              {rows.map((c) => (
                <ConnectionRow
                  key={c.id}
                  connection={c}
                  canEdit={canEdit}
                  fixed={fixedIds.has(c.id)}
                  opening={opening === c.id}
                  onEdit={() => openEdit(c.id, c.kind)}
                  onDelete={() => setDeleting({ id: c.id, name: c.name, kind: c.kind })}
                />
              ))}
            </TBody>
          </Table>
          <Pager
            shown={rows.length}
            total={total}
            noun={["connection", "connections"]}
            suffix={filtered ? " match" : ""}
            hasMore={connections.hasNextPage}
            loading={connections.isFetchingNextPage}
            onMore={() => connections.fetchNextPage()}
          />
        </div>
      ) : null}

      {canEdit ? (
        <>
          {creating ? <RestConnectionDialog open onClose={() => setCreating(false)} /> : null}
          {editing ? <RestConnectionDialog open connection={editing} onClose={() => setEditing(null)} /> : null}
          {creatingDruid ? <DruidConnectionDialog open onClose={() => setCreatingDruid(false)} /> : null}
          {editingDruid ? <DruidConnectionDialog open connection={editingDruid} onClose={() => setEditingDruid(null)} /> : null}
          <DeleteConnectionDialog connection={deleting} onClose={() => setDeleting(null)} />
        </>
      ) : null}
    </div>
  );
}
