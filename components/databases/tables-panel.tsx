"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { RefreshIcon, ZapIcon } from "@/components/ui/icons";
import { SectionHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/api-client";
import { connectionKeys } from "@/lib/connections/queries";
import { databaseKeys, useDatabaseTables, useRefreshTables, useScanTables, type DatabaseConnectionOut } from "@/lib/databases/queries";
import { TableDetailDialog } from "./table-detail-dialog";
import { TablesTable, qualifiedName } from "./tables-table";

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

/** The connection's table descriptions: select, scan, refresh, and open one for its columns and samples. */
export function TablesPanel({ connection, canEdit }: { connection: DatabaseConnectionOut; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const tables = useDatabaseTables(connection.id);
  const scan = useScanTables(connection.id);
  const refresh = useRefreshTables(connection.id);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [openId, setOpenId] = useState<string | null>(null);
  const rows = tables.data;
  const scanning = rows?.filter((t) => t.status === "SYNCHRONIZING").length ?? 0;
  const live = rows?.filter((t) => t.status !== "DEPRECATED") ?? [];
  const actionable = canEdit && connection.driverAvailable;

  // When the last scanning table settles, the connection's counts change: fetch them, and say how it went.
  const wasScanning = useRef(scanning);
  useEffect(() => {
    if (wasScanning.current > 0 && scanning === 0 && rows) {
      const failed = rows.filter((t) => t.status === "FAILED").length;
      if (failed) toast.error(`Scan finished: ${plural(failed, "table")} failed`, { description: "Open a failed table to see why." });
      else toast.success("Scan finished");
      void queryClient.invalidateQueries({ queryKey: databaseKeys.detail(connection.id) });
      void queryClient.invalidateQueries({ queryKey: databaseKeys.list() });
      void queryClient.invalidateQueries({ queryKey: connectionKeys.lists() });
    }
    wasScanning.current = scanning;
  }, [scanning, rows, queryClient, connection.id]);

  const startScan = (names?: string[]) =>
    scan.mutate(names, {
      onSuccess: ({ tables: queued }) => {
        setSelected(new Set());
        toast.info(`Scanning ${plural(queued.length, "table")}`, { description: "Columns and sample rows arrive as each table finishes." });
      },
      onError: (error) => toast.error(errorMessage(error)),
    });

  const runRefresh = () => {
    const before = new Set(rows?.map((t) => t.id));
    refresh.mutate(undefined, {
      onSuccess: ({ tables: after }) => {
        const added = after.filter((t) => !before.has(t.id)).length;
        toast.success(added ? `${plural(added, "new table")} found` : "Tables are up to date");
      },
      onError: (error) => toast.error(errorMessage(error)),
    });
  };

  const selectedNames = (rows ?? []).filter((t) => selected.has(t.id)).map(qualifiedName);
  const scanned = live.filter((t) => t.status === "SCANNED").length;

  return (
    <section aria-label="Tables">
      <SectionHeader
        title="Tables"
        description={
          rows
            ? `${plural(live.length, "table")}, ${scanned} scanned. Scanning reads each table's columns, row count and three sample rows.`
            : "What Switchyard found in the database."
        }
        actions={
          actionable ? (
            <>
              {selected.size ? <span className="text-sm text-zinc-500 tabular-nums dark:text-zinc-400">{selected.size} selected</span> : null}
              <Button onClick={() => startScan(selectedNames)} disabled={selected.size === 0 || scan.isPending}>
                <ZapIcon className="size-4" />
                Scan selected
              </Button>
              <Button variant="secondary" onClick={() => startScan()} disabled={live.length === 0 || scan.isPending}>
                Scan all
              </Button>
              <Button variant="secondary" onClick={runRefresh} loading={refresh.isPending}>
                {refresh.isPending ? null : <RefreshIcon className="size-4" />}
                Refresh tables
              </Button>
            </>
          ) : null
        }
      />

      {connection.driverAvailable ? null : (
        <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200">
          This server has no driver for this dialect, so it cannot list or scan the tables. API clients still see the connection.
        </p>
      )}

      <p aria-live="polite" className="mb-3 flex min-h-5 items-center gap-2 text-sm text-sky-700 empty:hidden dark:text-sky-300">
        {scanning ? (
          <>
            <Spinner className="size-3.5" />
            Scanning {plural(scanning, "table")}. This list updates by itself.
          </>
        ) : null}
      </p>

      {tables.isPending ? (
        <TableSkeleton rows={4} columns={5} />
      ) : tables.isError || !rows ? (
        <ErrorState error={tables.error} onRetry={() => tables.refetch()} retrying={tables.isFetching} />
      ) : rows.length === 0 ? (
        <EmptyState
          title="No tables"
          description={actionable ? "The database had no tables when it was last listed. Add some, then refresh." : "The database had no tables when it was last listed."}
          action={
            actionable ? (
              <Button variant="secondary" onClick={runRefresh} loading={refresh.isPending}>
                Refresh tables
              </Button>
            ) : undefined
          }
        />
      ) : (
        <TablesTable rows={rows} selectable={actionable} selected={selected} onSelect={setSelected} onOpen={setOpenId} />
      )}

      <TableDetailDialog
        table={rows?.find((t) => t.id === openId) ?? null}
        connectionId={connection.id}
        canEdit={canEdit}
        canScan={actionable}
        onScan={(name) => startScan([name])}
        scanning={scan.isPending}
        onClose={() => setOpenId(null)}
      />
    </section>
  );
}
