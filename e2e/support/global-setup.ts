import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeHostilePackage } from "../../lib/testing/hostile-package";
import { scratchPostgres } from "../../lib/testing/scratch-postgres";
import { redisForSuite } from "./redis";
import { startRoundRobin } from "./round-robin";
import { startServer, startWorkerProcess } from "./server";
import { TEST_API_HOST } from "./test-api";

// One server for the suite. Tests that need a fresh first start launch their own (first-start.spec.ts).
export default async function globalSetup() {
  if (!fs.existsSync(path.resolve(import.meta.dirname, "../../.next/BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` first (npm test does both).");
  }
  const email = "admin@e2e.test";
  const password = `e2e-${crypto.randomBytes(9).toString("base64url")}`;
  // SQLite database connections may only open files in this folder (never DATA_DIR).
  const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-e2e-sqlite-"));
  // Scripts may reach the test APIs (they listen on 127.0.0.2) and nothing else on this machine.
  // Every server the suite starts inherits this; a spec that needs other rules passes its own.
  process.env.SWITCHYARD_NET_ALLOW ??= `${TEST_API_HOST}/32`;
  // A folder of packages pip finds besides the machine's index: sandbox-escapes.spec.ts installs a
  // hostile one from it. The server reads pip's settings at its first install, after this is filled.
  const packages = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-e2e-pkgs-"));
  fs.chmodSync(packages, 0o755);
  process.env.PIP_FIND_LINKS = [process.env.PIP_FIND_LINKS, packages].filter(Boolean).join(" ");
  // The distributed mode (E2E_STORE=postgres, scripts/e2e.mjs): the store on a PostgreSQL database
  // of its own, the jobs on BullMQ in the machine's Redis, two console instances behind one base
  // URL, and two separate worker processes. Every server a spec starts inherits REDIS_URL, under
  // this run's own key prefix (removed at the end).
  const scratch = process.env.E2E_STORE === "postgres" ? await scratchPostgres("switchyard_e2e", { migrated: false }) : null;
  const redis = scratch ? await redisForSuite() : null;
  if (scratch) process.env.E2E_DATABASE_URL = scratch.url;
  const distributed: Record<string, string> = scratch ? { DATABASE_URL: scratch.url, SWITCHYARD_WORKER: "off" } : {};
  const serverEnv = {
    ADMIN_EMAIL: email,
    ADMIN_PASSWORD: password,
    SWITCHYARD_WATCHER_BACKOFF_MS: "200",
    SQLITE_ALLOWED_DIR: sqliteDir,
    // Every e2e request comes from loopback: trusting it as a proxy lets specs that test the sign-in
    // limits name their own client in X-Forwarded-For, and keeps the rest out of one shared bucket.
    TRUSTED_PROXIES: "127.0.0.0/8,::1",
    ...distributed,
  };
  const server = await startServer({ label: "suite", env: serverEnv });
  const others: { stop: () => Promise<void> }[] = [];
  let baseURL = server.baseURL;
  if (scratch) {
    // The same DATA_DIR (its key file, session secret and run files) and one log for all four.
    const second = await startServer({ dataDir: server.dataDir, env: serverEnv });
    for (let i = 0; i < 2; i++) others.push(await startWorkerProcess({ dataDir: server.dataDir, env: serverEnv, logFile: server.logFile }));
    const proxy = await startRoundRobin([server, second]);
    others.push(second, { stop: proxy.close });
    baseURL = proxy.url;
  }
  const hostile = `evil${crypto.randomBytes(3).toString("hex")}`;
  writeHostilePackage(packages, hostile, ["secret.key", "session.secret", "console.db"].map((f) => path.join(server.dataDir, f)).concat(["/etc/shadow", "/root/.bashrc"]));
  process.env.E2E_HOSTILE_PACKAGE = hostile;
  process.env.E2E_SQLITE_DIR = sqliteDir;
  process.env.E2E_BASE_URL = baseURL;
  process.env.E2E_CONSOLE_PORT = String(server.port);
  process.env.E2E_DATA_DIR = server.dataDir;
  process.env.E2E_LOG_FILE = server.logFile;
  process.env.E2E_ADMIN_EMAIL = email;
  process.env.E2E_ADMIN_PASSWORD = password;
  return async () => {
    await Promise.all(others.map((o) => o.stop()));
    await server.stop();
    await scratch?.drop();
    await redis?.drop();
    if (!process.env.E2E_KEEP_DATA) fs.rmSync(server.dataDir, { recursive: true, force: true });
    fs.rmSync(sqliteDir, { recursive: true, force: true });
    fs.rmSync(packages, { recursive: true, force: true });
  };
}
