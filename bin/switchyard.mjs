#!/usr/bin/env node
// `npx switchyard <command>`: runs scripts/cli/main.ts with tsx from the project root, so it uses the
// same lib/ code, migrations and default DATA_DIR as the server.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env };
// A relative DATA_DIR means relative to where the operator typed the command.
if (env.DATA_DIR) env.DATA_DIR = path.resolve(process.cwd(), env.DATA_DIR);

const child = spawn(
  process.execPath,
  // react-server: lets lib/ modules marked `import "server-only"` load outside Next.
  ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts/cli/main.ts"), ...process.argv.slice(2)],
  { cwd: root, env, stdio: "inherit" },
);
// A signal sent to this process alone (`kill PID`, a supervisor stopping `npx switchyard worker`)
// reaches the command: otherwise this process died and left the worker running on its own.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("error", (e) => {
  console.error(`error: could not start the CLI: ${e.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
