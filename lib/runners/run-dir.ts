import "server-only";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Language } from "./run-script";

// The harness files ship in the repository beside this module; the server runs from the project root.
const HARNESS_SOURCE = path.resolve(/*turbopackIgnore: true*/ process.env.SWITCHYARD_HOME ?? process.cwd(), "lib/runners/harness");
export const SANDBOX_SCRIPT = path.join(/*turbopackIgnore: true*/ HARNESS_SOURCE, "sandbox.py");

export type RunDir = {
  path: string;
  runsRoot: string;
  harnessDir: string;
  scriptPath: string;
  remove: () => void;
};

let python: string | undefined;

/** Absolute path of the Python used for scripts and the sandbox launcher (SWITCHYARD_PYTHON or python3 on PATH). */
export function pythonExecutable(): string {
  if (python) return python;
  const candidate = process.env.SWITCHYARD_PYTHON || "python3";
  try {
    python = execFileSync(/*turbopackIgnore: true*/ candidate, ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(`Python 3 is needed to run scripts, and "${candidate}" could not be started`);
  }
  return python;
}

function runsRoot(): string {
  const root = path.join(os.tmpdir(), `switchyard-runs-${process.getuid?.() ?? "u"}`);
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  return root;
}

/** A fresh private folder for one run: the script, the harness and the `lib` module. */
export function prepareRunDir(language: Language, script: string): RunDir {
  const root = runsRoot();
  const dir = fs.mkdtempSync(path.join(root, "run-"));
  const harnessDir = path.join(dir, ".switchyard");
  fs.mkdirSync(harnessDir);
  let scriptPath: string;
  if (language === "python") {
    for (const f of ["lib.py", "python_harness.py"]) fs.copyFileSync(path.join(/*turbopackIgnore: true*/ HARNESS_SOURCE, f), path.join(harnessDir, f));
    scriptPath = path.join(dir, "main.py");
  } else {
    fs.copyFileSync(path.join(/*turbopackIgnore: true*/ HARNESS_SOURCE, "node_harness.mjs"), path.join(harnessDir, "node_harness.mjs"));
    const libDir = path.join(dir, "node_modules", "lib");
    fs.mkdirSync(libDir, { recursive: true });
    for (const f of ["index.mjs", "package.json"]) fs.copyFileSync(path.join(/*turbopackIgnore: true*/ HARNESS_SOURCE, "node_lib", f), path.join(libDir, f));
    scriptPath = path.join(dir, "main.mjs");
  }
  fs.writeFileSync(scriptPath, script);
  return {
    path: dir,
    runsRoot: root,
    harnessDir,
    scriptPath,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

// Only what a script needs: no server variables (keys, secrets, DATA_DIR) reach it. Proxy settings
// pass through so scripts work behind the same proxy as the server.
const PASS_THROUGH = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy", "TZ"];

export function runtimeEnv(dir: string): Record<string, string> {
  const bins = new Set([path.dirname(pythonExecutable()), path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"]);
  const env: Record<string, string> = {
    PATH: [...bins].join(":"),
    HOME: dir,
    TMPDIR: dir,
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    PYTHONUNBUFFERED: "1",
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONHASHSEED: String(crypto.randomInt(1, 2 ** 31)),
    NODE_NO_WARNINGS: "1",
  };
  for (const k of PASS_THROUGH) if (process.env[k]) env[k] = process.env[k]!;
  return env;
}
