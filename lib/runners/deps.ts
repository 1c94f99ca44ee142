import "server-only";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataPath } from "@/lib/config";
import { acquire } from "@/lib/destinations/mutex";
import { pythonExecutable } from "./run-dir";

// Server variables pip must not see; everything else (PIP_* settings, proxies, HOME for pip.conf)
// passes through so pip uses whatever index this machine's pip is configured with.
const HIDDEN = /^(ENCRYPTION_KEY|ENCRYPTION_KEY_PREVIOUS|NEXTAUTH_SECRET|ADMIN_PASSWORD|ADMIN_EMAIL|DATA_DIR|DATABASE_URL)$|SECRET|PASSWORD|TOKEN/;

function pipEnv(): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (HIDDEN.test(k) && !k.startsWith("PIP_")) continue;
    env[k] = v;
  }
  env.PIP_DISABLE_PIP_VERSION_CHECK = "1";
  env.PYTHONDONTWRITEBYTECODE = "1";
  return env as unknown as NodeJS.ProcessEnv;
}

export function dependencySetKey(requirements: string[]): string {
  const normalized = [...new Set(requirements.map((r) => r.trim().toLowerCase().replace(/\s+/g, "")))].sort();
  return crypto.createHash("sha256").update(JSON.stringify(normalized)).digest("hex").slice(0, 24);
}

/**
 * Installs a set of requirements once (pip install --target) and returns the folder to put on the
 * script's sys.path. The same set is reused by every later run; pip's output goes to `log`.
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
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
    log(`Installing ${requirements.join(", ")} with pip…`);
    const tail: string[] = [];
    const code = await new Promise<number>((resolve) => {
      const child = spawn(pythonExecutable(), ["-m", "pip", "install", "--no-input", "--target", tmp, ...requirements], { env: pipEnv(), stdio: ["ignore", "pipe", "pipe"] });
      const onData = (chunk: Buffer) => {
        for (const line of chunk.toString("utf8").split(/\r?\n/)) {
          if (!line.trim()) continue;
          log(`pip: ${line}`);
          tail.push(line);
          if (tail.length > 20) tail.shift();
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("error", (e) => {
        tail.push(e.message);
        resolve(-1);
      });
      child.on("close", (c) => resolve(c ?? -1));
    });
    if (code !== 0) {
      fs.rmSync(tmp, { recursive: true, force: true });
      const reason = tail.filter((l) => /error/i.test(l)).join(" ") || tail.slice(-3).join(" ");
      throw new Error(`Installing dependencies failed (pip exited with ${code}): ${reason}`);
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
