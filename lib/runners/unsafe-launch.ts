import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/config";
import type { RunLimits } from "./limits";
import { HARNESS_SOURCE, pythonExecutable, SANDBOX_SCRIPT, sandboxEnv, type RunDir } from "./run-dir";
import type { Language } from "./run-script";

// SWITCHYARD_UNSAFE_SCRIPTS=1 on a machine without bubblewrap: the script runs as the server's own
// user, on the host's network, behind only the old best-effort launcher (rlimits, a Landlock
// ruleset that hides DATA_DIR and the server's folder, PDEATHSIG). The Settings page shows this in red.

export function spawnUnsafe(language: Language, dir: RunDir, limits: RunLimits, pythonPath: string[]): { child: ChildProcess; harness: string; script: string } {
  const harness = path.join(dir.path, ".switchyard");
  fs.mkdirSync(harness);
  for (const f of ["lib.py", "python_harness.py", "node_harness.mjs"]) fs.copyFileSync(path.join(/*turbopackIgnore: true*/ HARNESS_SOURCE, f), path.join(harness, f));
  const libDir = path.join(dir.path, "node_modules", "lib");
  fs.mkdirSync(libDir, { recursive: true });
  for (const f of ["index.mjs", "package.json"]) fs.copyFileSync(path.join(/*turbopackIgnore: true*/ HARNESS_SOURCE, "node_lib", f), path.join(libDir, f));
  const program =
    language === "python"
      ? [pythonExecutable(), "-u", "-s", path.join(harness, "python_harness.py")]
      : [process.execPath, `--max-old-space-size=${limits.memoryMb}`, "--disable-warning=ExperimentalWarning", path.join(harness, "node_harness.mjs")];
  const config = {
    parentPid: process.pid,
    deny: [dataDir(), process.cwd(), dir.runsRoot],
    writable: [dir.path],
    readOnly: pythonPath,
    fileSizeBytes: Math.max(limits.outputBytes, 100_000_000),
    addressSpaceBytes: language === "python" ? limits.memoryMb * 1024 * 1024 : 0,
  };
  const configFile = path.join(dir.path, ".sandbox.json");
  fs.writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });
  const env = sandboxEnv({ HOME: dir.path, TMPDIR: dir.path });
  const child = spawn(pythonExecutable(), ["-I", SANDBOX_SCRIPT, configFile, "--", ...program], {
    cwd: dir.path,
    env: env as unknown as NodeJS.ProcessEnv,
    stdio: ["pipe", "pipe", "pipe", "pipe", "pipe"],
    detached: true,
  });
  return { child, harness, script: dir.scriptFile };
}
