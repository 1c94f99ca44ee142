import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runForTest } from "@/lib/testing/script-run";
import { survivorScript } from "@/lib/testing/survivor-script";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { TEST_RUN_LIMITS } from "../limits";
import { sandboxStatus } from "./status";

// Each escape a hostile editor tried on the old launcher, as a script run through runScript(): it
// must be stopped or refused with a clear reason and leave no process behind. Runs as whatever
// user the suite runs as (root in CI); sandbox-nonroot.test.ts repeats the core of it unprivileged.

const temp = useTempDataDir();
const marker = `sw-escape-${crypto.randomBytes(4).toString("hex")}`;
const otherInstance = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-other-"));
const hostShm = `/dev/shm/${marker}`;

beforeAll(() => {
  expect(sandboxStatus(), "bubblewrap must be installed for these tests (apt-get install bubblewrap)").toMatchObject({ mode: "bubblewrap" });
  fs.writeFileSync(path.join(temp.dir, "secret.key"), "PLANTED-DATA-DIR-KEY");
  fs.writeFileSync(path.join(otherInstance, "secret.key"), "PLANTED-OTHER-KEY", { mode: 0o644 });
  fs.writeFileSync(hostShm, "PLANTED-SHM");
});
afterAll(() => {
  fs.rmSync(otherInstance, { recursive: true, force: true });
  fs.rmSync(hostShm, { force: true });
  temp.cleanup();
});

const run = (language: "python" | "javascript", script: string, limits: Partial<typeof TEST_RUN_LIMITS> = {}) =>
  runForTest(language, script, { limits: { ...TEST_RUN_LIMITS, ...limits } });

function survivors(): string[] {
  try {
    return execFileSync("pgrep", ["-af", marker], { encoding: "utf8" }).trim().split("\n").filter((l) => l && !l.includes("pgrep"));
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe("the sandbox stops every escape", () => {
  it("runs unprivileged: not root, no capabilities, no_new_privs, seccomp, and says which limits hold", async () => {
    const { result, text } = await run("python", `import os\nprint("UID", os.getuid(), os.geteuid())\nprint(open("/proc/self/status").read())\n`);
    expect(result.ok).toBe(true);
    expect(text).not.toMatch(/UID 0\b/);
    for (const cap of ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"]) expect(text).toMatch(new RegExp(`${cap}:\\s+0000000000000000`));
    expect(text).toMatch(/NoNewPrivs:\s+1/);
    expect(text).toMatch(/Seccomp:\s+2/);
    expect(text).toMatch(/system: Sandbox: bubblewrap .*seccomp filter, own mount, PID and network namespaces .*limits: memory 1 GB/);
  });

  it("refuses packet and raw sockets, ptrace, mount, bpf, perf events, keyrings and new namespaces", async () => {
    const { result, text } = await run(
      "python",
      `import ctypes, errno, socket
libc = ctypes.CDLL(None, use_errno=True)
def sc(nr, *a):
    if libc.syscall(nr, *a) < 0:
        raise OSError(ctypes.get_errno(), "refused")
tries = {
  "packet": lambda: socket.socket(17, socket.SOCK_RAW, 0),
  "raw": lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP),
  "ptrace": lambda: sc(101, 16, 1, 0, 0),
  "mount": lambda: sc(165, 0, 0, 0, 0, 0),
  "bpf": lambda: sc(321, 0, 0, 0),
  "perf": lambda: sc(298, 0, 0, -1, -1, 0),
  "keyctl": lambda: sc(250, 0, 0),
  "userns": lambda: sc(272, 0x10000000),
}
for name, f in tries.items():
    try:
        f()
        print("ALLOWED", name)
    except OSError as e:
        print("REFUSED", name, errno.errorcode.get(e.errno))
`,
    );
    expect(result.ok).toBe(true);
    expect(text).not.toContain("ALLOWED");
    expect(text.match(/REFUSED/g)).toHaveLength(8);
  });

  it("sees none of the host's files: /etc/shadow, /root, DATA_DIR, another instance's secret.key, the server's folder, host /dev/shm, /dev/kmsg", async () => {
    // Where the interpreter itself lives under /root (pyenv), the sandbox shows the path to it and nothing else.
    const interpreter = fs.realpathSync(execFileSync("python3", ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8" }).trim());
    const rootShows = interpreter.startsWith("/root/") ? [interpreter.split("/")[2]] : [];
    const paths = ["/etc/shadow", "/root/.ssh", "/root/.bashrc", "/root/.npmrc", path.join(temp.dir, "secret.key"), path.join(otherInstance, "secret.key"), path.resolve("package.json"), hostShm, "/dev/kmsg", "/home", "/var/run"];
    const { result, text } = await run(
      "python",
      `import os
for p in ${JSON.stringify(paths)}:
    try:
        if os.path.isdir(p):
            print("LISTED", p, os.listdir(p)[:5])
        else:
            print("READ", p, open(p, "rb").read(40))
    except OSError as e:
        print("HIDDEN", p, type(e).__name__)
print("ROOT", sorted(os.listdir("/root")) if os.path.isdir("/root") else [])
print("DEV", sorted(os.listdir("/dev")))
with open("/dev/shm/mine", "w") as f:
    f.write("private shm works")
print("SHM", open("/dev/shm/mine").read())
`,
    );
    expect(result.ok).toBe(true);
    expect(text).not.toMatch(/READ |LISTED |PLANTED/);
    expect(text.match(/HIDDEN/g)).toHaveLength(paths.length);
    expect(text).toContain(`ROOT ${JSON.stringify(rootShows).replace(/"/g, "'")}`);
    expect(text).toContain("DEV ['fd', 'null', 'random', 'shm', 'stderr', 'stdin', 'stdout', 'urandom', 'zero']");
    expect(text).toContain("SHM private shm works");
  });

  it("has no route out but the proxy: loopback PostgreSQL and the console's port cannot be dialled directly", async () => {
    const { result, text } = await run(
      "python",
      `import socket
for port in (5432, 3306, ${Number(process.env.PORT) || 3000}):
    s = socket.socket()
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", port))
        print("CONNECTED", port)
    except OSError as e:
        print("NO ROUTE", port, type(e).__name__)
try:
    socket.create_connection(("10.0.0.1", 80), timeout=2)
    print("CONNECTED private")
except OSError as e:
    print("NO ROUTE private", type(e).__name__)
`,
    );
    expect(result.ok).toBe(true);
    expect(text).not.toContain("CONNECTED");
    expect(text.match(/NO ROUTE/g)).toHaveLength(4);
  });

  it("ends a double-forked survivor with the run, without waiting for its pipes", async () => {
    const t0 = Date.now();
    const { result, text } = await run("python", survivorScript(marker));
    expect(result.ok).toBe(true);
    expect(text).toContain("survivor running: True");
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(survivors()).toEqual([]);
  });

  it("holds the memory limit for JavaScript buffers outside the heap (3 GB under 1 GB)", async () => {
    const { result } = await run("javascript", `const keep = [];\nfor (let i = 0; i < 12; i++) { keep.push(Buffer.alloc(256 * 1024 * 1024, 1)); console.log("allocated", (i + 1) * 256, "MB"); }\n`);
    expect(result).toMatchObject({ ok: false, errorKind: "memory", error: "Memory limit of 1024 MB reached; the script was stopped" });
  });

  it("holds the memory limit across Python child processes (three of 800 MB)", async () => {
    const { result } = await run(
      "python",
      `import subprocess, sys, time
code = "b = bytearray(800 * 1024 * 1024)\\nfor i in range(0, len(b), 4096): b[i] = 1\\nimport time; time.sleep(30)"
kids = [subprocess.Popen([sys.executable, "-c", code, "${marker}"]) for _ in range(3)]
for k in kids:
    k.wait()
`,
    );
    expect(result.ok).toBe(false);
    expect(result.errorKind).toBe("memory");
    expect(survivors()).toEqual([]);
  });

  it("stops a fork bomb at the process limit", async () => {
    const { result, text } = await run(
      "python",
      `import os, time
n = 0
try:
    while True:
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
        n += 1
except OSError as e:
    print("stopped after", n, "processes:", e)
    raise
`,
      { wallMs: 30_000 },
    );
    expect(result.ok).toBe(false);
    expect(text).toMatch(/stopped after \d+ processes/);
    const n = Number(/stopped after (\d+)/.exec(text)![1]);
    expect(n).toBeLessThan(TEST_RUN_LIMITS.maxProcs);
    expect(result.error).toMatch(/BlockingIOError|Resource temporarily unavailable|Process limit/);
  });

  it("counts bytes, not lines: 40 MB on stdout without a newline is cut and stops at the log limit", async () => {
    const rssBefore = process.memoryUsage().rss;
    const { result, text } = await run("python", `import sys\nchunk = "x" * (1 << 20)\nfor _ in range(40):\n    sys.stdout.write(chunk)\nsys.stdout.flush()\n`);
    expect(result).toMatchObject({ ok: false, errorKind: "log_limit" });
    expect(text).toContain("[line cut at 8000 characters]");
    expect(text.length).toBeLessThan(100_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it("fails a record stream without a newline instead of buffering it", async () => {
    const { result } = await run("python", `import os\nchunk = b'{"a":"' + b"y" * (1 << 20)\nfor _ in range(40):\n    os.write(3, chunk)\n`);
    expect(result).toMatchObject({ ok: false, errorKind: "invalid_record" });
    expect(result.error).toMatch(/larger than 16\.8 MB|no newline/);
  });
});
