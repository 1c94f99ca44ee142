#!/usr/bin/env node
// The e2e suite in two phases, each against its own server (e2e/support/global-setup.ts):
// 1. the api and ui projects, two spec files at a time;
// 2. the serial and security projects, one at a time (they change server-wide settings or measure
//    the console's responsiveness, so nothing may run beside them).
// Both phases always run; the exit code is non-zero if either failed. Extra arguments (a spec file,
// --grep ...) go to both phases.
import { spawnSync } from "node:child_process";

const extra = process.argv.slice(2);
const phases = [
  ["--project", "api", "--project", "ui"],
  // --workers 1 for the phase as a whole: per-project limits alone would still run one serial
  // spec beside one security spec.
  ["--project", "serial", "--project", "security", "--workers", "1"],
];
let failed = false;
for (const projects of phases) {
  const started = Date.now();
  const r = spawnSync("npx", ["playwright", "test", ...projects, "--pass-with-no-tests", ...extra], { stdio: "inherit" });
  console.log(`==> e2e ${projects.filter((p, i) => p.startsWith("--") === false && projects[i - 1] === "--project").join(" + ")}: exit ${r.status ?? r.signal} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
