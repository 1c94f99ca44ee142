import { spawnSync } from "node:child_process";
import path from "node:path";
import { postgresStoreOf } from "./store";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const BIN = path.join(ROOT, "bin/switchyard.mjs");

/**
 * Runs `switchyard …` as an operator would, against a server's DATA_DIR: the file package.json names
 * as the `switchyard` bin, started with node. `viaNpx` goes through `npx switchyard` instead, as the
 * README says to type it (cli.spec.ts does once); npm's own start costs about a second of CPU a
 * call, which the suite's other calls need not spend.
 */
export function switchyard(args: string[], dataDir: string, input?: string, { viaNpx = false } = {}) {
  const [command, prefix] = viaNpx ? ["npx", ["--no-install", "switchyard"]] : [process.execPath, [BIN]];
  const r = spawnSync(command, [...prefix, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, ...(postgresStoreOf(dataDir) ? { DATABASE_URL: postgresStoreOf(dataDir)! } : {}) },
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
  const stderr = r.stderr.split("\n").filter((l) => !l.includes('Unknown user config "nodedir"')).join("\n");
  return { status: r.status, stdout: r.stdout, stderr };
}
