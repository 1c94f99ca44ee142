import { AlertIcon } from "@/components/ui/icons";

const KINDS: Record<string, string> = {
  exception: "The script raised an error",
  timeout: "The script ran out of time",
  memory: "The script ran out of memory",
  log_limit: "The script wrote too much output",
  output_limit: "The script produced too much data",
  exit: "The script exited with an error code",
  invalid_record: "The script wrote a record that is not a JSON object",
  sink: "Writing to the destination failed",
  setup: "The run could not start",
  worker_lost: "The worker running it stopped",
  server_lost: "The process running the test stopped",
  cancelled: "Cancelled",
};

/** A failed run's error, hard to miss. */
export function RunError({ error, errorKind, title }: { error: string; errorKind?: string | null; title?: string }) {
  const heading = title ?? (errorKind && KINDS[errorKind]) ?? "The run failed";
  return (
    <div role="alert" className="flex gap-3 rounded-lg border border-red-200 bg-red-50 p-4 dark:border-red-900/60 dark:bg-red-950/40">
      <AlertIcon className="mt-0.5 size-5 shrink-0 text-red-600 dark:text-red-400" />
      <div className="min-w-0 space-y-1">
        <p className="text-sm font-semibold text-red-800 dark:text-red-200">
          {heading}
          {errorKind ? <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 font-mono text-[11px] font-medium text-red-700 dark:bg-red-900/60 dark:text-red-300">{errorKind}</span> : null}
        </p>
        <pre className="font-mono text-xs whitespace-pre-wrap break-words text-red-700 dark:text-red-300">{error}</pre>
      </div>
    </div>
  );
}
