#!/usr/bin/env node
// The e2e suite in phases, each one Playwright run against servers of its own
// (e2e/support/global-setup.ts starts them), so phases that do not time anything can share the
// machine while each keeps its server to itself:
//
//   together:  embedded     api + ui, two spec files at a time
//              distributed  api, then the API specs of the serial project (E2E_STORE=postgres: the
//                           store on a PostgreSQL database of its own, two console instances behind
//                           one base URL, two worker processes)
//                           -> embedded serial + security, one at a time (they change server-wide
//                           settings)
//   then alone: embedded    the alone project (kill -9, restarts, the console's latency under
//                           hostile scripts: their limits are in seconds and milliseconds, so
//                           nothing else may run on the machine)
//              distributed  the API specs of the alone project
//
// Every phase runs; the exit code is non-zero if any failed. Lines of phases that run together are
// prefixed with the phase's name. Each phase writes its own test-results/<phase>/ and
// playwright-report/<phase>/. Extra arguments (a spec file, --grep ...) go to every phase.
import { timedRun } from "./timed-run.mjs";

const DISTRIBUTED = { E2E_STORE: "postgres" };
const phase = (name, projects, env = {}, options = []) => ({ name, projects, env, options });
// Stages one after another; in a stage, its lanes at once; in a lane, its phases one after another.
const stages = [
  [
    [phase("embedded", ["api", "ui"])],
    [
      phase("distributed", ["api", "api-serial"], DISTRIBUTED),
      // --workers 1 for the phase as a whole: per-project limits alone would still run one serial
      // spec beside one security spec. In this lane because the embedded one is the longer.
      phase("embedded-serial", ["serial", "security"], {}, ["--workers", "1"]),
    ],
  ],
  [[phase("embedded-alone", ["alone"]), phase("distributed-alone", ["api-alone"], DISTRIBUTED)]],
];

const extra = process.argv.slice(2);
const results = [];

async function runPhase({ name, projects, env, options }, prefixed) {
  const args = ["playwright", "test", ...projects.flatMap((p) => ["--project", p]), ...options, "--output", `test-results/${name}`, "--pass-with-no-tests", ...extra];
  const { ok, line } = await timedRun(`e2e ${name} (${projects.join(" + ")})`, "npx", args, {
    env: { ...env, PLAYWRIGHT_HTML_OUTPUT_DIR: `playwright-report/${name}` },
    output: prefixed ? "prefix" : "inherit",
    label: name,
  });
  results.push(line);
  return ok;
}

async function runLane(lane, prefixed) {
  let ok = true;
  for (const p of lane) ok = (await runPhase(p, prefixed)) && ok;
  return ok;
}

const started = Date.now();
let failed = false;
for (const lanes of stages) {
  // The lines of a lane are prefixed when it has company.
  const oks = await Promise.all(lanes.map((lane) => runLane(lane, lanes.length > 1)));
  if (oks.includes(false)) failed = true;
}
console.log(`${results.join("\n")}\n==> e2e: ${failed ? "FAILED" : "passed"} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
