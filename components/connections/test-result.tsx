import { cn } from "@/components/ui/cn";
import { CheckCircleIcon, XCircleIcon } from "@/components/ui/icons";
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
  const Icon = result.ok ? CheckCircleIcon : XCircleIcon;
  const detail = facts(result);
  return (
    <div
      data-testid="connection-test-result"
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
            {result.ok ? "Success" : testCodeLabel(result.code)}
            {detail ? <span className="font-normal text-zinc-600 dark:text-zinc-400"> · {detail}</span> : null}
          </p>
          {/* On success the status and time say it all; a failure's message says why. */}
          {result.ok && detail && !showMessage ? null : <p className="break-words text-zinc-700 dark:text-zinc-300">{result.message}</p>}
        </div>
      </div>
      {result.excerpt ? (
        <pre
          aria-label="Response excerpt"
          className="mt-3 max-h-40 overflow-auto rounded-md border border-zinc-200 bg-white p-2.5 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all text-zinc-800 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-200"
        >
          {result.excerpt}
        </pre>
      ) : null}
    </div>
  );
}
