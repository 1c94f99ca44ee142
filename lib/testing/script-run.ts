import { TEST_RUN_LIMITS } from "@/lib/runners/limits";
import { runScript, type ScriptRunOptions } from "@/lib/runners/run-script";

/** Runs a script as a test run would, collecting its records and log lines ("stream: line"). */
export async function runForTest(language: ScriptRunOptions["language"], script: string, extra: Partial<ScriptRunOptions> = {}) {
  const records: Record<string, unknown>[] = [];
  const logs: string[] = [];
  const result = await runScript({
    language,
    script,
    metadata: {},
    connection: { type: "none" },
    limits: TEST_RUN_LIMITS,
    onLog: (stream, line) => logs.push(`${stream}: ${line}`),
    onRecords: (batch) => {
      records.push(...batch);
    },
    ...extra,
  });
  return { result, records, logs, text: logs.join("\n") };
}
