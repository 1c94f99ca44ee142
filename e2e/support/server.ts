import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type RunningServer = {
  baseURL: string;
  port: number;
  dataDir: string;
  logFile: string;
  log: () => string;
  stop: () => Promise<void>;
  // kill -9: no shutdown work at all, as in a crash.
  kill: () => Promise<void>;
};

const ROOT = path.resolve(import.meta.dirname, "..", "..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDataDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `switchyard-e2e-${label}-`));
}

// Variables a test must not inherit from the developer's shell: each server is configured explicitly.
const SCRUB = ["DATA_DIR", "PORT", "ADMIN_EMAIL", "ADMIN_PASSWORD", "ENCRYPTION_KEY", "ENCRYPTION_KEY_PREVIOUS", "NEXTAUTH_SECRET", "NEXTAUTH_URL"];

// Idle kept-alive sockets stay open this long (Next's default is 5 s). A test's API context idles
// while its browser steps run, and a server closing a socket just as the client reuses it gives the
// client ECONNRESET (CI saw it on e95f99f in feeds.spec.ts, and before in worker-processes.spec.ts).
const KEEP_ALIVE_MS = 75_000;

/** `next start` on a free port, like an operator would run it (`npx next start` on a built tree). */
export async function startServer(options: { dataDir?: string; env?: Record<string, string>; label?: string } = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? tempDataDir(options.label ?? "server");
  const port = await freePort();
  const logFile = path.join(dataDir, "..", `${path.basename(dataDir)}.server.log`);
  const out = fs.openSync(logFile, "a");
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !SCRUB.includes(k)) env[k] = v;
  Object.assign(env, { DATA_DIR: dataDir, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" }, options.env ?? {});
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "--keepAliveTimeout", String(KEEP_ALIVE_MS)], {
    cwd: ROOT,
    env: env as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  const baseURL = `http://127.0.0.1:${port}`;
  const log = () => fs.readFileSync(logFile, "utf8");
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${baseURL}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy in 60 s:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });
  const kill = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  return { baseURL, port, dataDir, logFile, log, stop, kill };
}

export type WorkerProcess = {
  /** The worker's id as it logs it (`host:pid:random`), the id its runs' logs name. */
  id: string;
  logFile: string;
  log: () => string;
  /** SIGTERM to the process group, then waits for every process of it to exit. */
  stop: () => Promise<void>;
  /** kill -9 of the whole process group (npx, the worker, its scripts): a crashed machine. */
  kill: () => Promise<void>;
};

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * `switchyard worker --concurrency N` (bin/switchyard.mjs, what `npx switchyard` runs) on a server's DATA_DIR, as an operator runs a separate
 * worker. It runs in a process group of its own: bin/switchyard.mjs starts the worker as a child,
 * so signalling the group reaches the worker itself (and, for kill -9, everything it started).
 */
export async function startWorkerProcess(options: { dataDir: string; concurrency?: number; env?: Record<string, string>; label?: string; logFile?: string }): Promise<WorkerProcess> {
  // A log of its own, or one shared with other processes (the distributed suite's one log): then
  // this worker's start line is the first one written after it was spawned (start workers one by one).
  const logFile = options.logFile ?? path.join(options.dataDir, "..", `${path.basename(options.dataDir)}.${options.label ?? "worker"}.${crypto.randomUUID().slice(0, 8)}.log`);
  const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const out = fs.openSync(logFile, "a");
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !SCRUB.includes(k)) env[k] = v;
  Object.assign(env, { DATA_DIR: options.dataDir }, options.env ?? {});
  const args = [path.join(ROOT, "bin/switchyard.mjs"), "worker", ...(options.concurrency ? ["--concurrency", String(options.concurrency)] : [])];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: env as unknown as NodeJS.ProcessEnv, stdio: ["ignore", out, out], detached: true });
  fs.closeSync(out);
  const pgid = child.pid!;
  const log = () => fs.readFileSync(logFile, "utf8");
  const waitGone = async (ms: number) => {
    for (const deadline = Date.now() + ms; groupAlive(pgid) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
  };
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      // already gone
    }
  };
  let id: string | undefined;
  for (const deadline = Date.now() + 60_000; !id; ) {
    id = /Worker started \{"id":"([^"]+)"/.exec(fs.readFileSync(logFile).subarray(logStart).toString("utf8"))?.[1];
    if (id) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      signal("SIGKILL");
      throw new Error(`worker did not start (exit ${child.exitCode}):\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    id,
    logFile,
    log,
    stop: async () => {
      signal("SIGTERM");
      await waitGone(15_000);
      signal("SIGKILL");
      await waitGone(5_000);
    },
    kill: async () => {
      signal("SIGKILL");
      await waitGone(10_000);
    },
  };
}
