import "server-only";
import { execFileSync, spawnSync } from "node:child_process";

// Whether scripts can run in the real sandbox (bubblewrap with user, mount, PID and network
// namespaces), and if not, why. Checked once per process: the answer only changes when someone
// installs a package or changes a kernel setting, and then the server is restarted.

export type SandboxStatus = {
  /** "bubblewrap": scripts run sandboxed. "unsafe": no sandbox and an admin opted in (SWITCHYARD_UNSAFE_SCRIPTS=1). "unavailable": scripts are refused. */
  mode: "bubblewrap" | "unsafe" | "unavailable";
  /** e.g. "bubblewrap 0.8.0", when found. */
  tool: string | null;
  /** Why the sandbox cannot be used (also shown when mode is "unsafe"). */
  reason: string | null;
  /** Whether SWITCHYARD_UNSAFE_SCRIPTS=1 is set (the Settings page shows this in red). */
  unsafeRequested: boolean;
  /** True when the server runs as root: the sandbox then switches to SWITCHYARD_SANDBOX_UID itself. */
  asRoot: boolean;
};

// Keyed by the settings it depends on, so a changed environment (tests do this) is probed afresh.
// On globalThis: the server warms it at start (lib/server-start.ts) from another bundle than the
// routes', and the probe runs bubblewrap synchronously, which would stall the first run's request.
const globalStore = globalThis as Record<symbol, Map<string, SandboxStatus> | undefined>;
const cached = (globalStore[Symbol.for("switchyard.sandbox-status")] ??= new Map<string, SandboxStatus>());

export function bwrapPath(): string {
  return process.env.SWITCHYARD_BWRAP || "bwrap";
}

export function unsafeScriptsRequested(): boolean {
  return process.env.SWITCHYARD_UNSAFE_SCRIPTS === "1";
}

function probe(): { tool: string | null; reason: string | null } {
  let tool: string;
  try {
    tool = execFileSync(/*turbopackIgnore: true*/ bwrapPath(), ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 5_000 }).trim();
  } catch {
    return { tool: null, reason: `bubblewrap (${bwrapPath()}) is not installed; install the Debian package "bubblewrap"` };
  }
  // The smallest sandbox the runner builds: if this fails, so would every run.
  const asRoot = process.getuid?.() === 0;
  const args = [
    ...(asRoot ? [] : ["--unshare-user"]),
    "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--die-with-parent",
    "--ro-bind", "/", "/", "--proc", "/proc", "--", "/bin/true",
  ];
  const res = spawnSync(/*turbopackIgnore: true*/ bwrapPath(), args, { encoding: "utf8", timeout: 10_000 });
  if (res.status !== 0) {
    const detail = (res.stderr || res.error?.message || `exit ${res.status}`).trim().split("\n")[0];
    return { tool, reason: `bubblewrap cannot create the sandbox's namespaces here (${detail}); user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone, user.max_user_namespaces)` };
  }
  return { tool, reason: null };
}

export function sandboxStatus(): SandboxStatus {
  const unsafeRequested = unsafeScriptsRequested();
  const key = `${bwrapPath()}|${unsafeRequested}`;
  const known = cached.get(key);
  if (known) return known;
  const { tool, reason } = probe();
  // The opt-in only matters when the sandbox is missing: where bubblewrap works, it is always used.
  const mode = reason === null ? "bubblewrap" : unsafeRequested ? "unsafe" : "unavailable";
  const status: SandboxStatus = { mode, tool, reason, unsafeRequested, asRoot: process.getuid?.() === 0 };
  cached.set(key, status);
  return status;
}
