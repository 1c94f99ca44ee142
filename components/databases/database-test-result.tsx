import { ResultCard } from "@/components/ui/result-card";
import type { DatabaseTestResult } from "@/lib/databases/queries";
import { databaseTestCodeLabel } from "./dialects";

const tablesText = (n: number) => `${n} ${n === 1 ? "table" : "tables"}`;

/** What a database test found: the tables it can see, or the failure in words with the driver's message. */
export function DatabaseTestResultPanel({ result, className }: { result: DatabaseTestResult; className?: string }) {
  return (
    <ResultCard
      ok={result.ok}
      testId="database-test-result"
      className={className}
      title={result.ok ? `Connected: ${tablesText(result.tables.length)}` : databaseTestCodeLabel(result.code)}
      footer={
        result.ok && result.tables.length ? (
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
        ) : null
      }
    >
      {result.ok ? (
        <p className="text-zinc-600 dark:text-zinc-400">{result.tables.length ? "Saving adds them as tables to scan." : "No tables in this database or schema yet."}</p>
      ) : (
        <p className="break-words text-zinc-700 dark:text-zinc-300">{result.message}</p>
      )}
    </ResultCard>
  );
}
