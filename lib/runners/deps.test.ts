import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeHostilePackage } from "@/lib/testing/hostile-package";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { TEST_RUN_LIMITS } from "./limits";

// pip install runs a package's own build code; it runs in the sandbox like a script.
const temp = useTempDataDir();
const packages = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-pkgs-"));
fs.chmodSync(packages, 0o755); // the sandbox user reads the index folder
const name = `evil${crypto.randomBytes(3).toString("hex")}`;
fs.writeFileSync(path.join(temp.dir, "secret.key"), "PLANTED-KEY-FILE");
fs.writeFileSync(path.join(temp.dir, "session.secret"), "PLANTED-SESSION");
writeHostilePackage(packages, name, [path.join(temp.dir, "secret.key"), path.join(temp.dir, "session.secret"), "/etc/shadow", "/root/.bashrc", "/proc/1/environ"]);
// pip reads its index settings once; the test adds its folder of packages to the machine's.
process.env.PIP_FIND_LINKS = [process.env.PIP_FIND_LINKS, packages].filter(Boolean).join(" ");
process.env.ADMIN_PASSWORD = "PLANTED-ENV-PASSWORD";
afterAll(() => {
  fs.rmSync(packages, { recursive: true, force: true });
  delete process.env.ADMIN_PASSWORD;
  temp.cleanup();
});

// pip builds and installs: generous timeouts for a busy machine.
describe("pip in the sandbox", { timeout: 120_000 }, () => {
  it("runs a package's build hook without DATA_DIR, host files or the server's environment", async () => {
    const { ensureDependencies } = await import("./deps");
    const logs: string[] = [];
    const target = await ensureDependencies([name], (l) => logs.push(l));
    expect(target).toBeTruthy();
    const text = logs.join("\n");
    expect(text).toMatch(/pip: Sandbox: bubblewrap/);
    expect(text).toContain(`Successfully installed ${name}-1.0`);
    const loot = fs.readFileSync(path.join(target!, name, "__init__.py"), "utf8");
    expect(loot).toMatch(/DENIED FileNotFoundError/);
    expect(loot + text).not.toMatch(/PLANTED|root:|ADMIN_PASSWORD|ENCRYPTION_KEY|DATA_DIR/);
    // Nothing in the cache stays writable by the sandbox's user.
    if (process.getuid?.() === 0) expect(fs.statSync(path.join(target!, name, "__init__.py")).uid).toBe(0);
  });

  it("puts the cached package on the script's path, read-only", async () => {
    const { ensureDependencies } = await import("./deps");
    const { runScript } = await import("./run-script");
    const target = await ensureDependencies([name], () => {});
    const logs: string[] = [];
    const result = await runScript({
      language: "python",
      script: `import ${name}, os\nprint("IMPORTED", sorted(${name}.LOOT)[:1])\ntry:\n    open(os.path.join(os.path.dirname(${name}.__file__), "x"), "w")\nexcept OSError as e:\n    print("READONLY", type(e).__name__)\n`,
      metadata: {},
      connection: { type: "none" },
      pythonPath: [target!],
      limits: TEST_RUN_LIMITS,
      onLog: (s, l) => logs.push(`${s}: ${l}`),
      onRecords: () => {},
    });
    expect(result.ok).toBe(true);
    expect(logs.join("\n")).toMatch(/IMPORTED/);
    expect(logs.join("\n")).toMatch(/READONLY OSError/);
  });

  it("gives pip's own error, not its retry warnings, when a package does not exist", async () => {
    const { ensureDependencies } = await import("./deps");
    await expect(ensureDependencies([`switchyard-no-such-package-${name}`], () => {})).rejects.toThrow(/Installing dependencies failed \(pip exited with 1\): ERROR: .*(No matching distribution|Could not find)/);
  });
});
