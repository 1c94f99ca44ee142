import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Writable } from "node:stream";
import { HARNESS_SOURCE } from "../run-dir";
import { createRunCgroup, type RunCgroup } from "./cgroup";
import { buildSeccompFilter } from "./seccomp";
import { bwrapPath, sandboxStatus } from "./status";

// Builds and starts one bubblewrap sandbox. What the sandbox sees is an allow-list: the system's
// read-only runtime (/usr and its /bin, /lib links), the interpreter's own prefix with its
// site-packages hidden, CA certificates, the harness, the binds a run asks for (its script, its
// dependency folders), generated /etc files, a private size-limited /tmp and /dev/shm, a /dev with
// null, zero, random and urandom only, and its own /proc. Nothing else of the host: not /root,
// /home, /etc, /var, /opt, /srv, /run, /sys, DATA_DIR or the server's folder.

export const INSIDE = {
  harness: "/opt/switchyard/harness",
  app: "/opt/switchyard/app",
  // node_modules for `import "lib"` from both the script (in app/) and the harness.
  nodeModules: "/opt/switchyard/node_modules",
  deps: "/opt/switchyard/deps",
  egressSocket: "/run/switchyard/egress.sock",
  egressPort: 3128,
} as const;

export type Bind = { host: string; inside: string; writable?: boolean };

export type SandboxLimits = {
  memoryBytes: number;
  maxProcs: number;
  cpuSeconds: number;
  openFiles: number;
  tmpBytes: number;
};

export type SandboxPlan = {
  /** Short name for the run's cgroup. */
  name: string;
  /** Program and arguments, inside paths. */
  program: string[];
  env: Record<string, string>;
  binds: Bind[];
  /** Interpreter prefixes to mount read-only at their own paths (those under /usr are already there). */
  prefixes: string[];
  hiddenDirs: string[];
  limits: SandboxLimits;
  /** Host path of the egress proxy's Unix socket, or null for no network at all. */
  egressSocket: string | null;
  /** Host folder for generated files (/etc/passwd…); the caller removes it. */
  scratchDir: string;
  /** Whether the process needs a real address-space limit (no memory cgroup): Python yes, Node with headroom. */
  addressSpaceBytes: number | null;
  /** File mode mask inside (077: a script's files are its own; pip's cache must be readable by later runs). */
  umask?: number;
};

export type SandboxedProcess = {
  child: ChildProcess;
  cgroup: RunCgroup | null;
  /** One line for the run log: which limits are in force and how. */
  describe: string;
  /** Kills everything in the sandbox, now. */
  kill: () => void;
  cleanup: () => void;
};

const HARNESS_INIT = "sandbox_init.py";
const SANDBOX_UID = () => Number(process.env.SWITCHYARD_SANDBOX_UID) || 65534;
const SANDBOX_GID = () => Number(process.env.SWITCHYARD_SANDBOX_GID) || SANDBOX_UID();
const SYSTEM_DIRS = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];
const ETC_BINDS = ["/etc/ssl/certs", "/etc/ssl/openssl.cnf", "/etc/ca-certificates", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d"];

function describeBytes(n: number): string {
  return n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(n % (1 << 30) ? 1 : 0)} GB` : `${Math.round(n / (1 << 20))} MB`;
}

/** Parent folders, created world-readable (bubblewrap would otherwise make them 0700). */
function parents(inside: string, made: Set<string>): string[] {
  const out: string[] = [];
  const parts = path.dirname(inside).split("/").filter(Boolean);
  let at = "";
  for (const p of parts) {
    at += `/${p}`;
    if (made.has(at) || at === "/usr" || at.startsWith("/usr/") || at === "/tmp" || at === "/dev" || at === "/proc") continue;
    made.add(at);
    out.push("--perms", "0755", "--dir", at);
  }
  return out;
}

function etcFiles(scratch: string): Bind[] {
  const uid = SANDBOX_UID();
  const gid = SANDBOX_GID();
  const files: Record<string, string> = {
    passwd: `root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:${uid}:${gid}:Switchyard script:/tmp:/usr/sbin/nologin\n`,
    group: `root:x:0:\nsandbox:x:${gid}:\n`,
    hosts: "127.0.0.1\tlocalhost sandbox\n::1\tlocalhost sandbox\n",
    hostname: "sandbox\n",
    "nsswitch.conf": "passwd: files\ngroup: files\nhosts: files\n",
  };
  const dir = path.join(scratch, "etc");
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  return Object.entries(files).map(([name, content]) => {
    const host = path.join(dir, name);
    fs.writeFileSync(host, content, { mode: 0o644 });
    return { host, inside: `/etc/${name}` };
  });
}

export function bwrapArgs(plan: SandboxPlan, seccompFd: number | null): { args: string[]; rlimits: Record<string, number> } {
  const asRoot = process.getuid?.() === 0;
  const made = new Set<string>(["/etc", "/opt", "/run"]);
  const a: string[] = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "sandbox"];
  a.push("--die-with-parent", "--new-session", "--clearenv");
  if (asRoot) {
    // bubblewrap keeps only what sandbox_init.py needs to switch to the sandbox uid for good.
    a.push("--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP");
  } else {
    a.push("--unshare-user", "--disable-userns", "--uid", String(SANDBOX_UID()), "--gid", String(SANDBOX_GID()));
  }
  a.push("--ro-bind", "/usr", "/usr");
  for (const dir of SYSTEM_DIRS) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(dir);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) a.push("--symlink", fs.readlinkSync(dir), dir);
    else if (st.isDirectory()) a.push("--ro-bind", dir, dir);
  }
  a.push("--perms", "0755", "--dir", "/etc", "--perms", "0755", "--dir", "/opt", "--perms", "0755", "--dir", "/run");
  // The private /tmp, /dev and /proc come before the binds, which may lie inside them (a folder of packages in /tmp).
  a.push("--perms", "1777", "--size", String(plan.limits.tmpBytes), "--tmpfs", "/tmp");
  a.push("--perms", "0755", "--dir", "/dev");
  for (const dev of ["null", "zero", "random", "urandom"]) a.push("--dev-bind", `/dev/${dev}`, `/dev/${dev}`);
  a.push("--perms", "1777", "--size", String(64 << 20), "--tmpfs", "/dev/shm");
  a.push("--symlink", "/proc/self/fd", "/dev/fd", "--symlink", "/proc/self/fd/0", "/dev/stdin", "--symlink", "/proc/self/fd/1", "/dev/stdout", "--symlink", "/proc/self/fd/2", "/dev/stderr");
  a.push("--proc", "/proc", "--chdir", "/tmp");
  for (const p of ETC_BINDS) if (fs.existsSync(/*turbopackIgnore: true*/ p)) a.push(...parents(p, made), "--ro-bind", p, p);
  try {
    const tz = fs.readlinkSync("/etc/localtime");
    if (tz.startsWith("/usr/")) a.push("--symlink", tz, "/etc/localtime");
  } catch {
    // no local time zone link
  }
  for (const b of etcFiles(plan.scratchDir)) a.push("--ro-bind", b.host, b.inside);
  for (const prefix of plan.prefixes) {
    if (prefix === "/usr" || prefix.startsWith("/usr/")) continue;
    a.push(...parents(prefix, made), "--ro-bind", prefix, prefix);
  }
  for (const hidden of plan.hiddenDirs) if (fs.existsSync(hidden)) a.push("--tmpfs", hidden, "--remount-ro", hidden);
  a.push(...parents(`${INSIDE.harness}/x`, made), "--ro-bind", HARNESS_SOURCE, INSIDE.harness);
  for (const b of plan.binds) a.push(...parents(b.inside, made), b.writable ? "--bind" : "--ro-bind", b.host, b.inside);
  if (plan.egressSocket) a.push(...parents(INSIDE.egressSocket, made), "--ro-bind", plan.egressSocket, INSIDE.egressSocket);
  for (const [k, v] of Object.entries(plan.env)) a.push("--setenv", k, v);
  if (seccompFd !== null) a.push("--seccomp", String(seccompFd));
  const rlimits: Record<string, number> = {
    core: 0,
    nofile: plan.limits.openFiles,
    cpu: plan.limits.cpuSeconds,
    fsize: plan.limits.tmpBytes,
  };
  return { args: a, rlimits };
}

/**
 * Starts plan.program inside a new sandbox. stdio[0..2] are the program's standard streams; any
 * further entries are passed through as fds 3, 4, …. The seccomp program goes in on the next fd.
 */
export function spawnSandboxed(plan: SandboxPlan, python: string, stdio: ("pipe" | "ignore")[]): SandboxedProcess {
  const status = sandboxStatus();
  if (status.mode !== "bubblewrap") throw new Error(status.reason ?? "the sandbox is not available");
  const cgroup = createRunCgroup(plan.name, { memoryBytes: plan.limits.memoryBytes, maxProcs: plan.limits.maxProcs });
  const filter = buildSeccompFilter();
  const seccompFd = filter ? stdio.length : null;
  const { args, rlimits } = bwrapArgs(plan, seccompFd);
  if (!cgroup) {
    rlimits.nproc = plan.limits.maxProcs;
    if (plan.addressSpaceBytes) rlimits.as = plan.addressSpaceBytes;
  }
  const asRoot = process.getuid?.() === 0;
  const initConfig = {
    uid: asRoot ? SANDBOX_UID() : null,
    gid: asRoot ? SANDBOX_GID() : null,
    rlimits,
    egress: plan.egressSocket ? { port: INSIDE.egressPort, socket: INSIDE.egressSocket } : null,
    program: plan.program,
    cwd: "/tmp",
    umask: plan.umask ?? 0o077,
  };
  const bwrapCommand = [bwrapPath(), ...args, "--", python, "-I", "-S", `${INSIDE.harness}/${HARNESS_INIT}`, JSON.stringify(initConfig)];
  // Joining the cgroup happens before bubblewrap starts, so every process it makes is counted.
  const command = cgroup
    ? ["/bin/sh", "-c", 'for f in $SWITCHYARD_CGROUP_PROCS; do echo $$ > "$f" || exit 125; done; exec "$@"', "sh", ...bwrapCommand]
    : bwrapCommand;
  const fullStdio: ("pipe" | "ignore")[] = [...stdio, ...(filter ? ["pipe" as const] : [])];
  const env: Record<string, string> = { PATH: "/usr/bin:/bin", ...(cgroup ? { SWITCHYARD_CGROUP_PROCS: cgroup.procsFiles.join(" ") } : {}) };
  const child: ChildProcess = spawn(command[0], command.slice(1), {
    env: env as unknown as NodeJS.ProcessEnv,
    stdio: fullStdio,
    detached: true,
  });
  if (filter && seccompFd !== null) {
    const pipe = child.stdio[seccompFd] as Writable;
    pipe.on("error", () => {});
    pipe.end(filter);
  }
  const kill = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
    if (cgroup) for (const file of cgroup.procsFiles) {
      try {
        for (const pid of fs.readFileSync(file, "utf8").split("\n").filter(Boolean)) process.kill(Number(pid), "SIGKILL");
      } catch {
        // group gone
      }
    }
  };
  const l = plan.limits;
  const memory = cgroup
    ? `memory ${describeBytes(l.memoryBytes)} and ${l.maxProcs} processes for the whole process tree (${cgroup.version})`
    : `memory ${plan.addressSpaceBytes ? describeBytes(plan.addressSpaceBytes) : "unlimited"} address space and ${l.maxProcs} processes per user (rlimits; no cgroup could be created here)`;
  const describe =
    `Sandbox: ${status.tool}, uid ${SANDBOX_UID()} without capabilities, seccomp filter${filter ? "" : " unavailable on this architecture"}, ` +
    `own mount, PID and network namespaces${plan.egressSocket ? " (network only through the egress proxy)" : " (no network)"}; ` +
    `limits: ${memory}, CPU ${l.cpuSeconds} s, ${l.openFiles} open files, /tmp ${describeBytes(l.tmpBytes)}`;
  return { child, cgroup, describe, kill, cleanup: () => cgroup?.remove() };
}
