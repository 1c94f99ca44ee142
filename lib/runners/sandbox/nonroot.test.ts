import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The sandbox takes another path when the server is not root: bubblewrap makes a user namespace
// itself and, without a delegated cgroup, limits hold through rlimits. CI runs as root, so this
// test runs the probe as uid 65534 (nobody) with Debian's /usr/bin/python3 (root's pyenv Python
// lives under /root, which nobody cannot read). Run unprivileged already, it runs as itself.

type Line = { name: string; result: { ok: boolean; errorKind: string | null; error: string | null; durationMs: number }; log: string };
const marker = `sw-nonroot-${crypto.randomBytes(4).toString("hex")}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-nonroot-"));
let lines: Map<string, Line>;

beforeAll(() => {
  const asRoot = process.getuid?.() === 0;
  const python = asRoot ? "/usr/bin/python3" : "python3";
  if (asRoot) {
    expect(fs.existsSync(python), "Debian's python3 (/usr/bin/python3) is needed to test the unprivileged sandbox").toBe(true);
    fs.chownSync(dataDir, 65534, 65534);
  }
  const env = { ...process.env, DATA_DIR: dataDir, PROBE_MARKER: marker, SWITCHYARD_PYTHON: python, SWITCHYARD_BASE_PACKAGES: "", HOME: dataDir, PORT: "3999" };
  const args = ["--conditions=react-server", "--import", "tsx", "lib/testing/sandbox-probe.ts"];
  const res = asRoot
    ? spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, ...args], { env, encoding: "utf8", timeout: 180_000, cwd: process.cwd() })
    : spawnSync(process.execPath, args, { env, encoding: "utf8", timeout: 180_000 });
  expect(res.status, `probe failed: ${res.stderr}`).toBe(0);
  lines = new Map(res.stdout.trim().split("\n").filter((l) => l.startsWith("{")).map((l) => { const j = JSON.parse(l) as Line; return [j.name, j]; }));
}, 200_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("the sandbox for an unprivileged server", () => {
  it("is available without root (user namespaces)", () => {
    expect(lines.get("status")).toMatchObject({ status: { mode: "bubblewrap", asRoot: false } });
  });

  it("runs scripts without capabilities, under seccomp, and says its limits are rlimits", () => {
    const { result, log } = lines.get("identity")!;
    expect(result.ok).toBe(true);
    expect(log).toMatch(/CapEff:\s+0000000000000000/);
    expect(log).toMatch(/Seccomp:\s+2/);
    expect(log).toMatch(/limits: memory .*(rlimits|cgroup)/);
  });

  it("hides the host's files and has no route out", () => {
    expect(lines.get("files")!.log).not.toMatch(/READ |PLANTED/);
    expect(lines.get("files")!.log.match(/HIDDEN/g)).toHaveLength(4);
    expect(lines.get("network")!.log).toContain("NO ROUTE");
  });

  it("leaves no process behind", () => {
    expect(lines.get("survivor")!.result.ok).toBe(true);
    expect(lines.get("survivor")!.log).toContain("survivor running: True");
    let left = "";
    try {
      left = execFileSync("pgrep", ["-af", marker], { encoding: "utf8" });
    } catch {
      // none
    }
    expect(left.split("\n").filter((l) => l && !l.includes("pgrep"))).toEqual([]);
  });

  it("holds memory, process and output limits", () => {
    expect(lines.get("pythonMemory")!.result).toMatchObject({ ok: false, errorKind: "memory" });
    expect(lines.get("jsMemory")!.result).toMatchObject({ ok: false, errorKind: "memory" });
    expect(lines.get("forkBomb")!.result.ok).toBe(false);
    expect(lines.get("forkBomb")!.result.errorKind).toMatch(/process_limit|exception/);
    expect(lines.get("noNewline")!.result).toMatchObject({ ok: false, errorKind: "log_limit" });
  });
});
