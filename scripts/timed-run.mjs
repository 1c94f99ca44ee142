// Runs one step of the test suite as a child process and prints `==> <name>: exit <code> in <n> s`.
// output: "inherit" streams it; "buffer" prints it when the step ends (so it does not land inside
// another step's); "prefix" streams it with `[name] ` before each line (steps running at once).
// Resolves with that summary line and whether the step passed. Used by scripts/test.mjs and e2e.mjs.
import { spawn } from "node:child_process";
import readline from "node:readline";

export function timedRun(name, command, args, { env = {}, output = "inherit", label = name } = {}) {
  const started = Date.now();
  const child = spawn(command, args, { stdio: output === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let buffered = "";
  for (const stream of [child.stdout, child.stderr].filter(Boolean)) {
    if (output === "prefix") readline.createInterface({ input: stream }).on("line", (line) => console.log(`[${label}] ${line}`));
    else stream.on("data", (d) => (buffered += d));
  }
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      if (buffered) process.stdout.write(buffered);
      const line = `==> ${name}: exit ${code ?? signal} in ${((Date.now() - started) / 1000).toFixed(0)} s`;
      console.log(line);
      resolve({ ok: code === 0, line });
    });
  });
}
