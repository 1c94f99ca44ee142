"use client";

import { StepSection } from "@/components/feeds/wizard/step-section";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { useDestinationColumns } from "@/lib/destinations/queries";
import type { FeedOut } from "@/lib/feeds/schemas";

// Columns every load adds; the rest come from the records.
const SYSTEM = new Set(["_run_id", "_loaded_at"]);

/** The feed's table in each destination, with the column types inferred from the records (README "Column types"). */
export function DestinationColumns({ feed }: { feed: FeedOut }) {
  // A load may add or widen columns: read them again when the feed's last run settles.
  const last = feed.lastRun;
  const version = last && last.status !== "queued" && last.status !== "running" ? `${last.id}:${last.status}` : null;
  const columns = useDestinationColumns(feed.id, version);
  if (!feed.tableName || feed.destinations.length === 0) return null;

  return (
    <StepSection title="Destination columns" description="The table's columns and their types in each destination. Types come from the records; a column only ever widens.">
      {columns.isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : columns.isError ? (
        <ErrorState error={columns.error} onRetry={() => columns.refetch()} retrying={columns.isFetching} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {columns.data.destinations.map((d) => (
            <div key={d.destination} data-testid={`columns-${d.destination}`} className="min-w-0 space-y-2">
              <h3 className="text-sm font-medium">
                {d.label} <code className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{d.table}</code>
              </h3>
              {d.error ? (
                <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                  {d.error}
                </p>
              ) : d.columns ? (
                <Table aria-label={`Columns of ${d.table} in ${d.label}`}>
                  <THead>
                    <tr>
                      <Th>Column</Th>
                      <Th>Type</Th>
                    </tr>
                  </THead>
                  <TBody>
                    {d.columns.map((c) => (
                      <Tr key={c.name}>
                        <Td className="font-mono text-xs">
                          {c.name}
                          {SYSTEM.has(c.name) ? <span className="ml-2 font-sans text-zinc-400 dark:text-zinc-500">added by Switchyard</span> : null}
                        </Td>
                        <Td className="font-mono text-xs">{c.type}</Td>
                      </Tr>
                    ))}
                  </TBody>
                </Table>
              ) : (
                <p className="text-sm text-zinc-500 dark:text-zinc-400">
                  {d.destination === "files" ? "Files keep each record as the script wrote it: no columns." : "No table yet: the first load creates it."}
                </p>
              )}
            </div>
          ))}
        </div>
      )}
    </StepSection>
  );
}
