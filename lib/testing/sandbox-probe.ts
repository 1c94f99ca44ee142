// Runs a few escape attempts through runScript() as whatever user starts it and prints one JSON
// line per attempt. sandbox-nonroot.test.ts starts it as an unprivileged user, where the sandbox
// takes its rootless path (user namespace, rlimits instead of cgroups).
import fs from "node:fs";
import path from "node:path";

const { runScript } = await import("@/lib/runners/run-script");
const { survivorScript } = await import("@/lib/testing/survivor-script");
const { TEST_RUN_LIMITS } = await import("@/lib/runners/limits");
const { sandboxStatus } = await import("@/lib/runners/sandbox/status");

const planted = path.join(process.env.DATA_DIR!, "secret.key");
fs.writeFileSync(planted, "PLANTED-NONROOT-KEY");
const marker = process.env.PROBE_MARKER!;

const attempts: Record<string, { language: "python" | "javascript"; script: string; limits?: Partial<typeof TEST_RUN_LIMITS> }> = {
  identity: { language: "python", script: `import os\nprint("UID", os.getuid())\nprint(open("/proc/self/status").read())\n` },
  files: {
    language: "python",
    script: `for p in ["/etc/shadow", ${JSON.stringify(planted)}, "/root/.bashrc", "/home"]:\n    try:\n        print("READ", p, open(p).read()[:30])\n    except OSError as e:\n        print("HIDDEN", p, type(e).__name__)\n`,
  },
  network: { language: "python", script: `import socket\ntry:\n    socket.create_connection(("127.0.0.1", 5432), timeout=2)\n    print("CONNECTED")\nexcept OSError as e:\n    print("NO ROUTE", type(e).__name__)\n` },
  survivor: { language: "python", script: survivorScript(marker) },
  pythonMemory: { language: "python", script: `x = bytearray(600 * 1024 * 1024)\n`, limits: { memoryMb: 256 } },
  jsMemory: { language: "javascript", script: `const keep = [];\nfor (let i = 0; i < 12; i++) keep.push(Buffer.alloc(256 * 1024 * 1024, 1));\n` },
  forkBomb: { language: "python", script: `import os, time\nwhile True:\n    if os.fork() == 0:\n        time.sleep(60)\n        os._exit(0)\n`, limits: { wallMs: 30_000 } },
  noNewline: { language: "python", script: `import sys\nfor _ in range(40):\n    sys.stdout.write("x" * (1 << 20))\n` },
};

console.log(JSON.stringify({ name: "status", status: sandboxStatus(), uid: process.getuid?.() }));
for (const [name, a] of Object.entries(attempts)) {
  const logs: string[] = [];
  const result = await runScript({
    language: a.language,
    script: a.script,
    metadata: {},
    connection: { type: "none" },
    limits: { ...TEST_RUN_LIMITS, ...a.limits },
    onLog: (s, l) => logs.push(`${s}: ${l.slice(0, 300)}`),
    onRecords: () => {},
  });
  console.log(JSON.stringify({ name, result, log: logs.join("\n") }));
}
