#!/usr/bin/env node
// The e2e suite in three phases, each against its own servers (e2e/support/global-setup.ts):
// 1. the api and ui projects, two spec files at a time;
// 2. the serial and security projects, one at a time (they change server-wide settings or measure
//    the console's responsiveness, so nothing may run beside them);
// 3. the api project and the API specs of the serial one, in the distributed mode.
// Every phase runs; the exit code is non-zero if any failed. Extra arguments (a spec file,
// --grep ...) go to every phase.
import { spawnSync } from "node:child_process";

const extra = process.argv.slice(2);
const phases = [
  { projects: ["--project", "api", "--project", "ui"] },
  // --workers 1 for the phase as a whole: per-project limits alone would still run one serial
  // spec beside one security spec.
  { projects: ["--project", "serial", "--project", "security", "--workers", "1"] },
  // 3. The whole API suite again in the distributed mode: the store on a PostgreSQL database of its
  //    own, two console instances behind one base URL and two worker processes (global-setup.ts).
  { projects: ["--project", "api", "--project", "api-serial"], env: { E2E_STORE: "postgres" }, label: "distributed" },
];
let failed = false;
for (const { projects, env, label } of phases) {
  const started = Date.now();
  const r = spawnSync("npx", ["playwright", "test", ...projects, "--pass-with-no-tests", ...extra], { stdio: "inherit", env: { ...process.env, ...env } });
  const names = projects.filter((p, i) => p.startsWith("--") === false && projects[i - 1] === "--project").join(" + ");
  console.log(`==> e2e ${names}${label ? ` (${label})` : ""}: exit ${r.status ?? r.signal} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
