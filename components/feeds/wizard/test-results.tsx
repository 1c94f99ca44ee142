"use client";

import Link from "next/link";
import { useState } from "react";
import { RunError } from "@/components/runs/run-error";
import { RunLogs } from "@/components/runs/run-logs";
import { RunPreview } from "@/components/runs/run-preview";
import { formatCount, formatDuration } from "@/components/runs/run-status-badge";
import { CheckCircleIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { TEST_PREVIEW_RECORDS } from "@/lib/runners/limits";
import { fetchLogPage } from "@/lib/runs/queries";
import type { ScriptTest } from "./use-script-test";

/** Logs and Preview of the latest test run, as on Peak's Import Configuration screen. */
export function TestResults({ test }: { test: ScriptTest }) {
  const { run } = test;
  const [refreshing, setRefreshing] = useState(false);
  /** Peak's refresh icon: read the log lines stored so far, in case the live stream missed any. */
  const refreshLogs = async () => {
    if (!run) return;
    setRefreshing(true);
    try {
      let after = 0;
      for (;;) {
        const page = await fetchLogPage(run.id, after, 1000);
        test.addLines(page.lines);
        if (page.lines.length < 1000) break;
        after = page.nextAfter;
      }
    } finally {
      setRefreshing(false);
    }
  };
  return (
    <div className="space-y-4">
      <div aria-live="polite">
        {run && (run.status === "queued" || run.status === "running") ? (
          <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
            <Spinner className="size-4 text-accent-600 dark:text-accent-400" />
            Testing… the run ends, and passes, once it has {TEST_PREVIEW_RECORDS} records, and writes nothing.
          </p>
        ) : run?.status === "succeeded" ? (
          <p className="flex items-center gap-2 text-sm font-medium text-emerald-700 dark:text-emerald-400">
            <CheckCircleIcon className="size-4" />
            Test passed: {formatCount(run.records)} {run.records === 1 ? "record" : "records"} in {formatDuration(run.durationMs)}.
            <Link href={`/runs/${run.id}`} className="font-normal text-zinc-500 underline-offset-2 hover:underline dark:text-zinc-400">
              Test run #{run.id}
            </Link>
          </p>
        ) : null}
      </div>
      {run?.error && run.status !== "succeeded" ? (
        <RunError error={run.error} errorKind={run.errorKind} title={run.status === "cancelled" ? "The test was cancelled" : "The test failed"} />
      ) : null}
      <div className="grid gap-4 xl:grid-cols-2">
        <div className="min-w-0 space-y-2">
          <h3 className="text-sm font-semibold">Logs</h3>
          <RunLogs
            lines={test.lines}
            live={test.live}
            emptyText={run ? "Waiting for the first line…" : "Logs will appear here after testing the script."}
            onRefresh={run ? refreshLogs : undefined}
            refreshing={refreshing}
          />
          {test.streamError && run && (run.status === "queued" || run.status === "running") ? (
            <p className="text-xs text-amber-700 dark:text-amber-400">{test.streamError} Use Refresh logs to fetch what is stored.</p>
          ) : null}
        </div>
        <div className="min-w-0 space-y-2">
          <h3 className="text-sm font-semibold">Preview</h3>
          <RunPreview
            records={run?.preview ?? null}
            columns={run?.columns}
            emptyText={
              run?.status === "succeeded" ? "The script wrote no records." : "A sample preview of up to 10 records will appear here after testing the script."
            }
          />
        </div>
      </div>
    </div>
  );
}
