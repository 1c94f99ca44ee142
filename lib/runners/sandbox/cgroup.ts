import "server-only";
import fs from "node:fs";
import path from "node:path";

// One control group per run, so memory and process limits hold for the whole process tree (child
// processes, JavaScript buffers outside the V8 heap, tmpfs files), not per process as rlimits do.
// cgroup v2 where this process's group delegates the memory and pids controllers; otherwise the
// v1 memory and pids hierarchies. Created under the server's own group, so a container or systemd
// unit limit still applies above it. Where neither can be written (an unprivileged server without
// delegation) the runner falls back to rlimits and the run log says so.

export type RunCgroup = {
  /** cgroup.procs files the launcher writes its own pid into before exec'ing the sandbox. */
  procsFiles: string[];
  /** "cgroup v2" or "cgroup v1", for the run log. */
  version: string;
  /** True when the kernel's OOM killer acted in this group. */
  oomKilled: () => boolean;
  /** Peak memory use in bytes, when the kernel reports it. */
  peakBytes: () => number | null;
  remove: () => void;
};

const ROOT = "/sys/fs/cgroup";

function ownGroups(): Map<string, string> {
  const out = new Map<string, string>();
  try {
    for (const line of fs.readFileSync("/proc/self/cgroup", "utf8").split("\n")) {
      const [, controllers, group] = line.split(":");
      if (group === undefined) continue;
      for (const c of controllers === "" ? ["unified"] : controllers.split(",")) out.set(c, group);
    }
  } catch {
    // not Linux
  }
  return out;
}

function write(file: string, value: string) {
  fs.writeFileSync(file, value);
}

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

const swept = new Set<string>();

/** The pid of the process that made a group (`run-<pid>-…`, lib/runners/run-script.ts) is alive. */
function ownerAlive(name: string): boolean {
  const pid = Number(/^run-(\d+)-/.exec(name)?.[1]);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Groups left by a server or worker that was killed: empty ones go (rmdir refuses any that still has
 * processes). Never one whose maker is alive: another process on this machine (a second worker, the
 * console running a test) may have made it an instant ago and not yet moved its run into it.
 */
function sweep(dir: string) {
  if (swept.has(dir)) return;
  swept.add(dir);
  for (const name of fs.readdirSync(dir)) {
    if (ownerAlive(name)) continue;
    try {
      fs.rmdirSync(path.join(dir, name));
    } catch {
      // in use by a live run, or not a group
    }
  }
}

function makeGroup(parent: string, name: string): string | null {
  try {
    fs.accessSync(parent, fs.constants.W_OK);
    const dir = path.join(parent, "switchyard-runs");
    fs.mkdirSync(dir, { recursive: true });
    sweep(dir);
    const group = path.join(dir, name);
    fs.mkdirSync(group);
    return group;
  } catch {
    return null;
  }
}

function removeGroup(dir: string) {
  // A group can only be removed once its processes are gone; the sandbox is dead by now, but the
  // kernel may take a moment to release the last task.
  for (let i = 0; i < 50; i++) {
    try {
      fs.rmdirSync(dir);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      const procs = read(path.join(dir, "cgroup.procs"));
      for (const pid of (procs ?? "").split("\n").filter(Boolean)) {
        try {
          process.kill(Number(pid), "SIGKILL");
        } catch {
          // gone
        }
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

function v2(name: string, memoryBytes: number, maxProcs: number): RunCgroup | null {
  const own = ownGroups().get("unified");
  if (own === undefined) return null;
  const base = path.join(ROOT, own);
  const controllers = read(path.join(base, "cgroup.subtree_control")) ?? "";
  if (!/\bmemory\b/.test(controllers) || !/\bpids\b/.test(controllers)) return null;
  const group = makeGroup(base, name);
  if (!group) return null;
  try {
    write(path.join(group, "memory.max"), String(memoryBytes));
    write(path.join(group, "memory.swap.max"), "0");
  } catch {
    // swap accounting may be off; memory.max still holds
  }
  write(path.join(group, "pids.max"), String(maxProcs));
  try {
    write(path.join(group, "memory.oom.group"), "1"); // an OOM kill takes the whole run, not one child
  } catch {
    // older kernels: the runner's OOM watch ends the run instead
  }
  return {
    procsFiles: [path.join(group, "cgroup.procs")],
    version: "cgroup v2",
    oomKilled: () => /\boom_kill [1-9]/.test(read(path.join(group, "memory.events")) ?? ""),
    peakBytes: () => Number(read(path.join(group, "memory.peak")) ?? NaN) || null,
    remove: () => removeGroup(group),
  };
}

function v1(name: string, memoryBytes: number, maxProcs: number): RunCgroup | null {
  const groups = ownGroups();
  if (!groups.has("memory") || !groups.has("pids")) return null;
  const mem = makeGroup(path.join(ROOT, "memory", groups.get("memory")!), name);
  if (!mem) return null;
  const pids = makeGroup(path.join(ROOT, "pids", groups.get("pids")!), name);
  if (!pids) {
    removeGroup(mem);
    return null;
  }
  try {
    write(path.join(mem, "memory.limit_in_bytes"), String(memoryBytes));
    try {
      write(path.join(mem, "memory.memsw.limit_in_bytes"), String(memoryBytes));
    } catch {
      // no swap accounting
    }
    write(path.join(pids, "pids.max"), String(maxProcs));
  } catch {
    removeGroup(mem);
    removeGroup(pids);
    return null;
  }
  return {
    procsFiles: [path.join(mem, "cgroup.procs"), path.join(pids, "cgroup.procs")],
    version: "cgroup v1",
    oomKilled: () => /\boom_kill [1-9]/.test(read(path.join(mem, "memory.oom_control")) ?? ""),
    peakBytes: () => Number(read(path.join(mem, "memory.max_usage_in_bytes")) ?? NaN) || null,
    remove: () => {
      removeGroup(mem);
      removeGroup(pids);
    },
  };
}

/** A fresh group with these limits, or null when this process may not create one. */
export function createRunCgroup(name: string, limits: { memoryBytes: number; maxProcs: number }): RunCgroup | null {
  if (process.env.SWITCHYARD_SANDBOX_CGROUPS === "off") return null;
  return v2(name, limits.memoryBytes, limits.maxProcs) ?? v1(name, limits.memoryBytes, limits.maxProcs);
}
