import { ResultCard } from "@/components/ui/result-card";
import type { ConnectionTestResult } from "@/lib/connections/rest-schemas";
import { testCodeLabel } from "./connection-labels";

function facts(result: ConnectionTestResult): string {
  return [result.status !== null ? `HTTP ${result.status}` : null, result.timeMs !== null ? `${Math.round(result.timeMs)} ms` : null]
    .filter(Boolean)
    .join(" · ");
}

/**
 * What a connection test found: success with status and time, or the failure in words, with the redacted response.
 * `showMessage` keeps the message on success too (a Druid test says which host answered and its version).
 */
export function ConnectionTestResultPanel({ result, className, showMessage }: { result: ConnectionTestResult; className?: string; showMessage?: boolean }) {
  const detail = facts(result);
  return (
    <ResultCard
      ok={result.ok}
      testId="connection-test-result"
      className={className}
      title={
        <>
          {result.ok ? "Success" : testCodeLabel(result.code)}
          {detail ? <span className="font-normal text-zinc-600 dark:text-zinc-400"> · {detail}</span> : null}
        </>
      }
      footer={
        result.excerpt ? (
          <pre
            aria-label="Response excerpt"
            className="mt-3 max-h-40 overflow-auto rounded-md border border-zinc-200 bg-white p-2.5 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all text-zinc-800 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-200"
          >
            {result.excerpt}
          </pre>
        ) : null
      }
    >
      {/* On success the status and time say it all; a failure's message says why. */}
      {result.ok && detail && !showMessage ? null : <p className="break-words text-zinc-700 dark:text-zinc-300">{result.message}</p>}
    </ResultCard>
  );
}
