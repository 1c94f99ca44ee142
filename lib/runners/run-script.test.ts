import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runForTest } from "@/lib/testing/script-run";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { TEST_RUN_LIMITS } from "./limits";

const temp = useTempDataDir();
afterAll(temp.cleanup);

const run = runForTest;

describe("script runtime", () => {
  it("runs a Python script with lib.outputStream and lib.metadata", async () => {
    const { result, records, logs } = await run(
      "python",
      `from lib import outputStream, metadata, connection
print("starting", metadata, connection["type"])
for i in range(metadata.get("next", 0), 5):
    outputStream.write({"id": i, "nested": {"a": [i]}})
metadata.save({"next": 5})
`,
      { metadata: { next: 2 } },
    );
    expect(result).toMatchObject({ ok: true, records: 3, metadata: { next: 5 }, exitCode: 0 });
    expect(records).toEqual([2, 3, 4].map((i) => ({ id: i, nested: { a: [i] } })));
    expect(logs).toContain("stdout: starting {'next': 2} none");
  });

  it("runs a JavaScript script with the same objects", async () => {
    const { result, records, logs } = await run(
      "javascript",
      `import { outputStream, metadata, connection } from "lib";
console.log("type", connection.type, JSON.stringify(metadata), metadata.get("page", 1), metadata.get("missing", "none"));
for (let i = 0; i < 3; i++) outputStream.write({ i, when: new Date(0).toISOString() });
metadata.save({ cursor: "c3" });
console.log("after", metadata.get("cursor"), metadata.get("page"));
`,
      { metadata: { page: 4 } },
    );
    expect(result).toMatchObject({ ok: true, records: 3, metadata: { cursor: "c3" } });
    // metadata.get(key, fallback) as in Python; get and save are not keys of the state.
    expect(logs).toContain('stdout: type none {"page":4} 4 none');
    expect(logs).toContain("stdout: after c3 null");
    expect(records[2]).toEqual({ i: 2, when: "1970-01-01T00:00:00.000Z" });
  });

  it("reports a script exception with its message and traceback in the log", async () => {
    const { result, logs } = await run("python", `from lib import outputStream\noutputStream.write({"a": 1})\nraise ValueError("bad page 3")\n`);
    expect(result).toMatchObject({ ok: false, errorKind: "exception", error: "ValueError: bad page 3" });
    expect(logs.join("\n")).toContain("main.py");
  });

  it("stops at the wall-time limit and kills every process the script started", async () => {
    const { result } = await run(
      "python",
      `import subprocess, time\nsubprocess.Popen(["sleep", "30"])\ntime.sleep(30)\n`,
      { limits: { ...TEST_RUN_LIMITS, wallMs: 1500 } },
    );
    expect(result).toMatchObject({ ok: false, errorKind: "timeout" });
    expect(result.error).toContain("Time limit of 2 s");
    expect(result.durationMs).toBeLessThan(5000);
  });

  it("stops at the memory limit with a clear message", async () => {
    const { result } = await run("python", `x = bytearray(600 * 1024 * 1024)\n`, { limits: { ...TEST_RUN_LIMITS, memoryMb: 256 } });
    expect(result).toMatchObject({ ok: false, errorKind: "memory", error: "Memory limit of 256 MB reached; the script was stopped" });
  });

  it("stops at the log limit", async () => {
    const { result } = await run("python", `while True:\n    print("x" * 100)\n`, { limits: { ...TEST_RUN_LIMITS, logBytes: 10_000 } });
    expect(result).toMatchObject({ ok: false, errorKind: "log_limit" });
  });

  it("stops once it has enough records for a preview", async () => {
    const { result, records } = await run("python", `from lib import outputStream\nimport itertools\nfor i in itertools.count():\n    outputStream.write({"i": i})\n`, {
      maxRecords: 10,
    });
    expect(result).toMatchObject({ ok: true, stoppedEarly: true, records: 10 });
    expect(records).toHaveLength(10);
  });

  // Peak: "A maximum of 10 records can be shown in the preview". A script that has written them and
  // keeps working (a slow API, a long pagination) ends there and passes, in both languages.
  it.each([
    ["python", `from lib import outputStream\nimport time\nfor i in range(12):\n    outputStream.write({"i": i})\ntime.sleep(60)\n`],
    ["javascript", `import { outputStream } from "lib";\nfor (let i = 0; i < 12; i++) outputStream.write({ i });\nawait new Promise((r) => setTimeout(r, 60_000));\n`],
  ] as const)("ends a %s test run as soon as the preview's records are written", async (language, script) => {
    const started = Date.now();
    const { result, records } = await run(language, script, { maxRecords: 10, limits: { ...TEST_RUN_LIMITS, wallMs: 20_000 } });
    expect(result).toMatchObject({ ok: true, stoppedEarly: true, records: 10 });
    expect(records.map((r) => r.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("rejects records that are not objects", async () => {
    const { result } = await run("python", `from lib import outputStream\noutputStream.write([1, 2])\n`);
    expect(result).toMatchObject({ ok: false, errorKind: "exception" });
    expect(result.error).toContain("expects a dict");
  });

  it("isolates the script: no DATA_DIR, no server environment, no server /proc", async () => {
    fs.writeFileSync(path.join(temp.dir, "console.db"), "PLANTED-DB");
    fs.writeFileSync(path.join(temp.dir, "secret.key"), "PLANTED-KEY");
    process.env.SWITCHYARD_PLANTED = "PLANTED-ENV";
    const { result, logs } = await run(
      "python",
      `import os
for p in [${JSON.stringify(path.join(temp.dir, "console.db"))}, ${JSON.stringify(path.join(temp.dir, "secret.key"))}, "/proc/${process.pid}/environ", ${JSON.stringify(path.resolve("package.json"))}]:
    try:
        print("READ", p, open(p).read()[:40])
    except Exception as e:
        print("DENIED", p, type(e).__name__)
print("ENV", sorted(os.environ.keys()))
print("PLANTED" in repr(dict(os.environ)))
`,
    );
    delete process.env.SWITCHYARD_PLANTED;
    expect(result.ok).toBe(true);
    const text = logs.join("\n");
    expect(text).not.toContain("READ ");
    // Not mounted in the sandbox at all: the paths do not exist there.
    expect(text.match(/DENIED .* (FileNotFoundError|PermissionError)/g)).toHaveLength(4);
    expect(text).not.toContain("PLANTED-");
    expect(text).toContain("stdout: False");
  });
});

describe("record parsing", () => {
  it("loads Python's NaN and Infinity as null, leaving strings alone", async () => {
    const { parseLenient } = await import("./run-script");
    expect(parseLenient('{"a":NaN,"b":[Infinity,-Infinity],"s":"x,NaN,\\"Infinity\\""}')).toEqual({ a: null, b: [null, null], s: 'x,NaN,"Infinity"' });
    expect(parseLenient("{broken")).toBeUndefined();
  });

  it("runs a Python script that writes NaN, dates and non-ASCII text", async () => {
    const { result, records } = await run(
      "python",
      `import datetime, math
from lib import outputStream
outputStream.write({"x": math.nan, "when": datetime.date(2026, 1, 2), "name": "Łódź ☃"})
`,
    );
    expect(result.ok).toBe(true);
    expect(records).toEqual([{ x: null, when: "2026-01-02", name: "Łódź ☃" }]);
  });
});
