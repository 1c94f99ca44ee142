import { TEST_RUN_LIMITS } from "@/lib/runners/limits";
import { runScript, type ScriptRunOptions } from "@/lib/runners/run-script";

/** Runs a script as a test run would, collecting its records and log lines ("stream: line"). */
export async function runForTest(language: ScriptRunOptions["language"], script: string, extra: Partial<ScriptRunOptions> = {}) {
  const records: Record<string, unknown>[] = [];
  const logs: string[] = [];
  const { onRecords, ...rest } = extra;
  const result = await runScript({
    language,
    script,
    metadata: {},
    connection: { type: "none" },
    limits: TEST_RUN_LIMITS,
    onLog: (stream, line) => logs.push(`${stream}: ${line}`),
    // A test's own onRecords sees each batch too (to wait for a record), after it is collected here.
    onRecords: (batch, bytes) => {
      records.push(...batch);
      return onRecords?.(batch, bytes);
    },
    ...rest,
  });
  return { result, records, logs, text: logs.join("\n") };
}
