import { spawn, type ChildProcess } from "node:child_process";
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

/** `next start` on a free port, like an operator would run it (`npx next start` on a built tree). */
export async function startServer(options: { dataDir?: string; env?: Record<string, string>; label?: string } = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? tempDataDir(options.label ?? "server");
  const port = await freePort();
  const logFile = path.join(dataDir, "..", `${path.basename(dataDir)}.server.log`);
  const out = fs.openSync(logFile, "a");
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !SCRUB.includes(k)) env[k] = v;
  Object.assign(env, { DATA_DIR: dataDir, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" }, options.env ?? {});
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
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
