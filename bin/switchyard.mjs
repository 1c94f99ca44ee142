#!/usr/bin/env node
// `npx switchyard <command>`: runs scripts/cli/main.ts with tsx from the project root, so it uses the
// same lib/ code, migrations and default DATA_DIR as the server.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env };
// A relative DATA_DIR means relative to where the operator typed the command.
if (env.DATA_DIR) env.DATA_DIR = path.resolve(process.cwd(), env.DATA_DIR);

const result = spawnSync(
  process.execPath,
  // react-server: lets lib/ modules marked `import "server-only"` load outside Next.
  ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts/cli/main.ts"), ...process.argv.slice(2)],
  { cwd: root, env, stdio: "inherit" },
);
if (result.error) {
  console.error(`error: could not start the CLI: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
