"use client";

import dynamic from "next/dynamic";
import type { ScriptTest } from "@/components/feeds/wizard/use-script-test";

function Placeholder({ title, text }: { title: string; text: string }) {
  return (
    <div className="min-w-0 space-y-2">
      <h3 className="text-sm font-semibold">{title}</h3>
      <p className="flex min-h-40 items-center justify-center rounded-lg border border-dashed border-zinc-300 px-4 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
        {text}
      </p>
    </div>
  );
}

/** Before the first test: Peak's two empty panels, without the log and preview code. */
function Empty() {
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <Placeholder title="Logs" text="Logs will appear here after testing the script." />
      <Placeholder title="Preview" text="A sample preview of up to 10 records will appear here after testing the script." />
    </div>
  );
}

const TestResults = dynamic(() => import("@/components/feeds/wizard/test-results").then((m) => m.TestResults), { ssr: false, loading: Empty });

/** Logs and Preview, fetched with the first test run. */
export function LazyTestResults({ test }: { test: ScriptTest }) {
  return test.run || test.running ? <TestResults test={test} /> : <Empty />;
}
