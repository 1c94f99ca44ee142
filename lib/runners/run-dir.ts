import "server-only";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Language } from "./run-script";

// The harness files ship in the repository beside this module; the server runs from the project root.
export const APP_HOME = path.resolve(/*turbopackIgnore: true*/ process.env.SWITCHYARD_HOME ?? process.cwd());
export const HARNESS_SOURCE = path.join(/*turbopackIgnore: true*/ APP_HOME, "lib/runners/harness");
export const SANDBOX_SCRIPT = path.join(/*turbopackIgnore: true*/ HARNESS_SOURCE, "sandbox.py");

export type RunDir = {
  path: string;
  runsRoot: string;
  /** The script file on the host (bound read-only into the sandbox). */
  scriptFile: string;
  /** Where the egress proxy's socket goes. */
  egressSocket: string;
  /** Fresh connection headers during a run (OAuth 2.0 refresh): bound read-only beside the script. */
  liveDir: string;
  remove: () => void;
};

type PythonInfo = { executable: string; prefixes: string[]; sitePackages: string[]; pipDir: string | null };
// On globalThis for the same reason as the sandbox status: warmed at start, shared by every bundle.
const PYTHON_KEY = Symbol.for("switchyard.python-info");
const store = globalThis as Record<symbol, PythonInfo | undefined>;

function pythonInfo(): PythonInfo {
  const known = store[PYTHON_KEY];
  if (known) return known;
  let python: PythonInfo;
  const candidate = process.env.SWITCHYARD_PYTHON || "python3";
  const probe = `import json, site, sys, sysconfig, importlib.util
paths = sysconfig.get_paths()
spec = importlib.util.find_spec("pip")
print(json.dumps({"executable": sys.executable, "prefixes": sorted({sys.prefix, sys.base_prefix, sys.exec_prefix}),
  "sitePackages": sorted(set(site.getsitepackages() + [paths["purelib"], paths["platlib"]])),
  "pipDir": (spec.submodule_search_locations or [None])[0] if spec else None}))`;
  try {
    python = JSON.parse(execFileSync(/*turbopackIgnore: true*/ candidate, ["-I", "-c", probe], { encoding: "utf8" })) as PythonInfo;
  } catch {
    throw new Error(`Python 3 is needed to run scripts, and "${candidate}" could not be started`);
  }
  store[PYTHON_KEY] = python;
  return python;
}

/** Absolute path of the Python used for scripts, pip and the sandbox's init (SWITCHYARD_PYTHON or python3 on PATH). */
export function pythonExecutable(): string {
  return pythonInfo().executable;
}

/** What the sandbox must mount for Python: its prefixes, and the site-packages to hide in them. */
export function pythonLayout(): { prefixes: string[]; sitePackages: string[]; pipDir: string | null } {
  const info = pythonInfo();
  return { prefixes: info.prefixes, sitePackages: info.sitePackages, pipDir: info.pipDir };
}

/** The Node.js prefix for JavaScript runs (e.g. /usr for /usr/bin/node). */
export function nodePrefix(): string {
  return path.dirname(path.dirname(fs.realpathSync(process.execPath)));
}

/** The `undici` package the JavaScript harness points fetch at the egress proxy with. */
export function undiciDir(): string {
  return path.join(/*turbopackIgnore: true*/ APP_HOME, "node_modules/undici");
}

function runsRoot(): string {
  const root = path.join(os.tmpdir(), `switchyard-runs-${process.getuid?.() ?? "u"}`);
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  return root;
}

/** A fresh private folder for one run: the script file, the egress socket's folder, generated /etc files. */
export function prepareRunDir(language: Language, script: string): RunDir {
  const root = runsRoot();
  const dir = fs.mkdtempSync(path.join(root, "run-"));
  const scriptFile = path.join(dir, language === "python" ? "main.py" : "main.mjs");
  fs.writeFileSync(scriptFile, script, { mode: 0o644 });
  fs.mkdirSync(path.join(dir, "egress"), { mode: 0o700 });
  fs.mkdirSync(path.join(dir, "connection"), { mode: 0o755 });
  return {
    path: dir,
    runsRoot: root,
    scriptFile,
    egressSocket: path.join(dir, "egress", "proxy.sock"),
    liveDir: path.join(dir, "connection"),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The environment inside the sandbox: nothing of the server's, only what interpreters need. */
export function sandboxEnv(extra: Record<string, string> = {}): Record<string, string> {
  const bins = new Set([path.dirname(pythonExecutable()), path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"]);
  const env: Record<string, string> = {
    PATH: [...bins].join(":"),
    HOME: "/tmp",
    TMPDIR: "/tmp",
    USER: "sandbox",
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    PYTHONUNBUFFERED: "1",
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONHASHSEED: String(crypto.randomInt(1, 2 ** 31)),
    NODE_NO_WARNINGS: "1",
    ...extra,
  };
  if (process.env.TZ) env.TZ = process.env.TZ;
  return env;
}

/** Proxy variables that send Python (requests, urllib, pip) and JavaScript (undici) through the forwarder. */
export function proxyEnv(port: number): Record<string, string> {
  const url = `http://127.0.0.1:${port}`;
  return { HTTP_PROXY: url, HTTPS_PROXY: url, http_proxy: url, https_proxy: url, ALL_PROXY: url, NO_PROXY: "", no_proxy: "" };
}
