import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { dataPath } from "@/lib/config";
import { acquire } from "@/lib/destinations/mutex";
import { startEgressProxy } from "@/lib/net/egress-proxy";
import { PIP_LIMITS } from "./limits";
import { pipIndexConfig } from "./pip-config";
import { prepareRunDir, proxyEnv, pythonExecutable, pythonLayout, sandboxEnv } from "./run-dir";
import { INSIDE, spawnSandboxed, type Bind } from "./sandbox/bwrap";
import { sandboxLimits } from "./sandbox/plan";
import { sandboxStatus } from "./sandbox/status";

// `pip install` runs a package's own build code: it is as untrusted as a script. It runs in the
// same sandbox, writing only to the new cache folder, reading only the configured package index
// (local folders bound read-only; remote index hosts through the egress proxy, nothing else).

const TARGET = "/opt/switchyard/target";
const PIP_SITE = "/opt/switchyard/pip-site";

/**
 * Packages every Python script gets without listing them, as Peak's examples `import requests`
 * without installing it: SWITCHYARD_BASE_PACKAGES (space or comma separated; "" for none).
 * They are installed once, in the sandbox like any dependency, into the same cache.
 */
export function basePackages(): string[] {
  const raw = process.env.SWITCHYARD_BASE_PACKAGES ?? "requests";
  return raw.split(/[\s,]+/).filter(Boolean);
}

export function dependencySetKey(requirements: string[]): string {
  const normalized = [...new Set(requirements.map((r) => r.trim().toLowerCase().replace(/\s+/g, "")))].sort();
  return crypto.createHash("sha256").update(JSON.stringify(normalized)).digest("hex").slice(0, 24);
}

function chownTree(dir: string, uid: number, gid: number) {
  fs.chownSync(dir, uid, gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    fs.lchownSync(path.join(entry.parentPath, entry.name), uid, gid);
  }
}

/** One pip install in the sandbox; resolves with pip's exit code. Its output goes to `log` line by line. */
async function pipInSandbox(requirements: string[], target: string, log: (line: string) => void, tail: string[]): Promise<number> {
  const status = sandboxStatus();
  if (status.mode === "unavailable") throw new Error(`Installing dependencies needs the sandbox: ${status.reason}`);
  if (status.mode === "unsafe") throw new Error("Installing dependencies is refused without the sandbox, even with SWITCHYARD_UNSAFE_SCRIPTS=1: pip runs each package's own build code");
  const py = pythonLayout();
  if (!py.pipDir) throw new Error(`pip is not installed for ${pythonExecutable()}`);
  const index = pipIndexConfig();
  const dir = prepareRunDir("python", "");
  const proxy = index.hosts.length
    ? await startEgressProxy({ socketPath: dir.egressSocket, context: "script", restrictTo: index.hosts, onEvent: (l: string) => log(`pip: ${l}`) })
    : null;
  const asRoot = process.getuid?.() === 0;
  const sandboxUid = Number(process.env.SWITCHYARD_SANDBOX_UID) || 65534;
  if (asRoot) fs.chownSync(target, sandboxUid, Number(process.env.SWITCHYARD_SANDBOX_GID) || sandboxUid);
  const binds: Bind[] = [
    { host: py.pipDir, inside: `${PIP_SITE}/pip` },
    { host: target, inside: TARGET, writable: true },
    ...index.paths.map((p) => ({ host: p, inside: p })),
  ];
  const sandbox = spawnSandboxed(
    {
      name: `pip-${process.pid}-${Date.now()}`,
      program: [pythonExecutable(), "-m", "pip", "install", "--no-input", "--no-warn-script-location", "--progress-bar", "off", "--target", TARGET, ...requirements],
      env: sandboxEnv({ ...index.env, ...(proxy ? proxyEnv(INSIDE.egressPort) : {}), PYTHONPATH: PIP_SITE, PIP_CONFIG_FILE: "/dev/null", PIP_NO_CACHE_DIR: "1", PIP_RETRIES: index.env.PIP_RETRIES ?? "1", PIP_DISABLE_PIP_VERSION_CHECK: "1" }),
      binds,
      prefixes: py.prefixes,
      hiddenDirs: py.sitePackages,
      limits: sandboxLimits(PIP_LIMITS),
      egressSocket: proxy ? dir.egressSocket : null,
      scratchDir: dir.path,
      addressSpaceBytes: PIP_LIMITS.memoryMb * 1024 * 1024,
      umask: 0o022,
    },
    pythonExecutable(),
    ["ignore", "pipe", "pipe"],
  );
  log(`pip: ${sandbox.describe}`);
  try {
    return await new Promise<number>((resolve) => {
      const timer = setTimeout(() => {
        log(`pip: stopped after ${PIP_LIMITS.wallMs / 60_000} minutes`);
        sandbox.kill();
      }, PIP_LIMITS.wallMs);
      let logged = 0;
      const onData = (chunk: Buffer) => {
        logged += chunk.length;
        if (logged > PIP_LIMITS.logBytes) {
          if (logged - chunk.length <= PIP_LIMITS.logBytes) log(`pip: more than ${PIP_LIMITS.logBytes / 1e6} MB of output; the install was stopped`);
          sandbox.kill();
          return;
        }
        for (const line of chunk.toString("utf8").split(/\r?\n/)) {
          if (!line.trim()) continue;
          const text = line.startsWith("[sandbox] ") ? line.slice(10) : line;
          log(`pip: ${text.slice(0, 2000)}`);
          tail.push(text);
          if (tail.length > 40) tail.shift();
        }
      };
      (sandbox.child.stdout as Readable).on("data", onData);
      (sandbox.child.stderr as Readable).on("data", onData);
      sandbox.child.on("error", (e) => {
        tail.push(e.message);
        clearTimeout(timer);
        resolve(-1);
      });
      sandbox.child.on("exit", (code) => {
        clearTimeout(timer);
        sandbox.kill();
        resolve(code ?? -1);
      });
    });
  } finally {
    sandbox.cleanup();
    await proxy?.close();
    dir.remove();
    // Nothing the sandbox user wrote stays writable by it.
    if (asRoot && fs.existsSync(target)) chownTree(target, process.getuid!(), process.getgid!());
  }
}

/** pip's own reason for a failure: its ERROR lines, not the retry warnings before them. */
function pipReason(tail: string[]): string {
  const errors = tail.filter((l) => /^ERROR:|error:/i.test(l.trim()));
  return (errors.length ? errors.slice(-3) : tail.slice(-3)).join(" ").slice(0, 1000);
}

/**
 * Installs a set of requirements once (pip install --target, in the sandbox) and returns the folder
 * to put on the script's sys.path. The same set is reused by every later run; pip's output goes to `log`.
 */
export async function ensureDependencies(requirements: string[], log: (line: string) => void): Promise<string | null> {
  if (requirements.length === 0) return null;
  const key = dependencySetKey(requirements);
  const root = dataPath("pydeps");
  const target = path.join(root, key);
  if (fs.existsSync(path.join(target, ".complete"))) {
    log(`Dependencies ${requirements.join(", ")} already installed (cache ${key})`);
    return target;
  }
  const release = await acquire(`pip:${key}`);
  try {
    if (fs.existsSync(path.join(target, ".complete"))) return target;
    fs.mkdirSync(root, { recursive: true, mode: 0o711 });
    const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
    fs.mkdirSync(tmp, { mode: 0o755 });
    log(`Installing ${requirements.join(", ")} with pip…`);
    const tail: string[] = [];
    const code = await pipInSandbox(requirements, tmp, log, tail).catch((e: Error) => {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw new Error(`Installing dependencies failed: ${e.message}`);
    });
    if (code !== 0) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw new Error(`Installing dependencies failed (pip exited with ${code}): ${pipReason(tail)}`);
    }
    fs.writeFileSync(path.join(tmp, ".complete"), new Date().toISOString());
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(tmp, target);
    log(`Installed ${requirements.join(", ")} (cache ${key})`);
    return target;
  } finally {
    release();
  }
}
