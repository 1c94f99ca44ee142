// npm run bench:sandbox — what the sandbox costs each run: wall time of empty test runs (Python and
// JavaScript) from spawn to result, through the same runScript() the server uses. BENCH_RUNS sets
// how many of each (20).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const RUNS = Number(process.env.BENCH_RUNS) || 20;
// A fresh DATA_DIR would install the base packages (requests) on the first run: that is pip, not
// what these figures measure, and a real installation has them cached.
process.env.SWITCHYARD_BASE_PACKAGES ??= "";
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-sandbox-"));

const { runScript } = await import("@/lib/runners/run-script");
const { TEST_RUN_LIMITS } = await import("@/lib/runners/limits");

const scripts = { python: "from lib import outputStream\n", javascript: 'import { outputStream } from "lib";\n' } as const;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

for (const language of ["python", "javascript"] as const) {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const t0 = performance.now();
    const result = await runScript({
      language,
      script: scripts[language],
      metadata: {},
      connection: { type: "none" },
      limits: TEST_RUN_LIMITS,
      onLog: () => {},
      onRecords: () => {},
    });
    const ms = performance.now() - t0;
    if (!result.ok) throw new Error(`empty ${language} run failed: ${result.error}`);
    if (i > 0) times.push(ms); // the first run warms the page cache
  }
  times.sort((a, b) => a - b);
  console.log(
    `${language.padEnd(10)} empty test run, ${RUNS} runs: median ${quantile(times, 0.5).toFixed(1)} ms, p90 ${quantile(times, 0.9).toFixed(1)} ms, min ${times[0].toFixed(1)} ms`,
  );
}
fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
