#!/usr/bin/env node
// `npm test`: the whole suite. The type check and the unit tests run side by side (the type check
// is one single-threaded process, the unit tests leave room beside it), then the production build,
// then the e2e phases against it (scripts/e2e.mjs). The build skips its own TypeScript pass because
// the type check just ran over the same files, Next's generated route types included
// (SWITCHYARD_TYPECHECKED, next.config.mjs); `npm run build` alone still checks. Each step prints its
// time; the first that fails stops the rest.
import { timedRun } from "./timed-run.mjs";

const run = async (script, options) => (await timedRun(script, "npm", ["run", "--silent", script], options)).ok;

const started = Date.now();
const steps = [
  // Output of the type check waits until it is done, so it does not land inside Vitest's.
  () => Promise.all([run("typecheck", { output: "buffer" }), run("test:unit")]).then((r) => r.every(Boolean)),
  () => run("build", { env: { SWITCHYARD_TYPECHECKED: "1" } }),
  () => run("test:e2e"),
];
let ok = true;
for (const step of steps) {
  ok = await step();
  if (!ok) break;
}
console.log(`==> npm test: ${ok ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(ok ? 0 : 1);
