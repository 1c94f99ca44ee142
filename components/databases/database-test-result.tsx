import { cn } from "@/components/ui/cn";
import { CheckCircleIcon, XCircleIcon } from "@/components/ui/icons";
import type { DatabaseTestResult } from "@/lib/databases/queries";
import { databaseTestCodeLabel } from "./dialects";

const tablesText = (n: number) => `${n} ${n === 1 ? "table" : "tables"}`;

/** What a database test found: the tables it can see, or the failure in words with the driver's message. */
export function DatabaseTestResultPanel({ result, className }: { result: DatabaseTestResult; className?: string }) {
  const Icon = result.ok ? CheckCircleIcon : XCircleIcon;
  return (
    <div
      data-testid="database-test-result"
      data-ok={result.ok}
      className={cn(
        "rounded-lg border p-3 text-sm",
        result.ok
          ? "border-emerald-200 bg-emerald-50/70 dark:border-emerald-900/60 dark:bg-emerald-950/30"
          : "border-red-200 bg-red-50/70 dark:border-red-900/60 dark:bg-red-950/30",
        className,
      )}
    >
      <div className="flex items-start gap-2.5">
        <Icon className={cn("mt-0.5 size-4 shrink-0", result.ok ? "text-emerald-600 dark:text-emerald-400" : "text-red-600 dark:text-red-400")} />
        <div className="min-w-0 flex-1 space-y-0.5">
          <p className={cn("font-medium", result.ok ? "text-emerald-900 dark:text-emerald-200" : "text-red-900 dark:text-red-200")}>
            {result.ok ? `Connected: ${tablesText(result.tables.length)}` : databaseTestCodeLabel(result.code)}
          </p>
          {result.ok ? (
            <p className="text-zinc-600 dark:text-zinc-400">
              {result.tables.length ? "Saving adds them as tables to scan." : "No tables in this database or schema yet."}
            </p>
          ) : (
            <p className="break-words text-zinc-700 dark:text-zinc-300">{result.message}</p>
          )}
        </div>
      </div>
      {result.ok && result.tables.length ? (
        <ul
          aria-label="Tables found"
          className="mt-3 flex max-h-36 flex-wrap gap-1.5 overflow-auto rounded-md border border-emerald-200/70 bg-white p-2 dark:border-emerald-900/40 dark:bg-zinc-950"
        >
          {result.tables.map((t) => (
            <li key={t} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
              {t}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
