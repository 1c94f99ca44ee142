import { afterAll, afterEach, describe, expect, it } from "vitest";
import { runForTest } from "@/lib/testing/script-run";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { sandboxStatus } from "./status";

// Without bubblewrap, scripts are refused with a reason, unless an admin opts in to the unsafe mode.
const temp = useTempDataDir();
afterAll(temp.cleanup);
afterEach(() => {
  delete process.env.SWITCHYARD_BWRAP;
  delete process.env.SWITCHYARD_UNSAFE_SCRIPTS;
});

const run = () => runForTest("python", `import os\nprint("RAN as", os.getuid())\n`);

describe("without the sandbox", () => {
  it("refuses scripts, saying why and what an admin can do", async () => {
    process.env.SWITCHYARD_BWRAP = "/nonexistent/bwrap";
    expect(sandboxStatus()).toMatchObject({ mode: "unavailable", tool: null, reason: expect.stringContaining("bubblewrap (/nonexistent/bwrap) is not installed") });
    const { result, text } = await run();
    expect(result).toMatchObject({ ok: false, errorKind: "sandbox", error: expect.stringMatching(/Scripts cannot run on this server: .*install bubblewrap, or set SWITCHYARD_UNSAFE_SCRIPTS=1/) });
    expect(text).not.toContain("RAN");
  });

  it("runs them unsandboxed, and says so in the run log, when SWITCHYARD_UNSAFE_SCRIPTS=1", async () => {
    process.env.SWITCHYARD_BWRAP = "/nonexistent/bwrap";
    process.env.SWITCHYARD_UNSAFE_SCRIPTS = "1";
    expect(sandboxStatus()).toMatchObject({ mode: "unsafe", unsafeRequested: true });
    const { result, text } = await run();
    expect(result.ok).toBe(true);
    expect(text).toContain("WARNING: scripts run WITHOUT the sandbox");
    expect(text).toMatch(/RAN as \d+/);
  });

  it("uses bubblewrap whenever it works, whatever the opt-in says", () => {
    process.env.SWITCHYARD_UNSAFE_SCRIPTS = "1";
    expect(sandboxStatus()).toMatchObject({ mode: "bubblewrap", unsafeRequested: true });
  });
});
