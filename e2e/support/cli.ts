import { spawnSync } from "node:child_process";
import path from "node:path";
import { postgresStoreOf } from "./store";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Runs `npx switchyard …` as an operator would, against a server's DATA_DIR. */
export function switchyard(args: string[], dataDir: string, input?: string) {
  const r = spawnSync("npx", ["--no-install", "switchyard", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, ...(postgresStoreOf(dataDir) ? { DATABASE_URL: postgresStoreOf(dataDir)! } : {}) },
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
  const stderr = r.stderr.split("\n").filter((l) => !l.includes('Unknown user config "nodedir"')).join("\n");
  return { status: r.status, stdout: r.stdout, stderr };
}
