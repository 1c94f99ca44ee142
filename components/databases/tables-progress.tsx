import { Spinner } from "@/components/ui/spinner";
import type { DatabaseConnectionOut } from "@/lib/databases/native-schemas";

/** "3 / 12 scanned" with a bar, and what is failing or scanning. */
export function TablesProgress({ tables }: { tables: DatabaseConnectionOut["tables"] }) {
  const { total, scanned, failed, synchronizing } = tables;
  if (total === 0) return <span className="text-sm text-zinc-400 dark:text-zinc-500">No tables</span>;
  const pct = Math.round((scanned / total) * 100);
  return (
    <div className="w-32 space-y-1" title={`${scanned} of ${total} tables scanned`}>
      <p className="text-sm whitespace-nowrap tabular-nums">
        <span className="font-medium">{scanned}</span>
        <span className="text-zinc-500 dark:text-zinc-400"> / {total} scanned</span>
      </p>
      <div className="h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden>
        <div className="h-full rounded-full bg-emerald-500 dark:bg-emerald-400" style={{ width: `${pct}%` }} />
      </div>
      {failed || synchronizing ? (
        <p className="flex items-center gap-1.5 text-xs whitespace-nowrap">
          {synchronizing ? (
            <span className="flex items-center gap-1 text-sky-700 dark:text-sky-300">
              <Spinner className="size-3" />
              {synchronizing} scanning
            </span>
          ) : null}
          {failed ? <span className="text-red-600 dark:text-red-400">{failed} failed</span> : null}
        </p>
      ) : null}
    </div>
  );
}
