import { afterAll, describe, expect, it } from "vitest";
import { runForTest } from "@/lib/testing/script-run";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";

const temp = useTempDataDir();
afterAll(temp.cleanup);

// connection.headers / .params are live: the runner re-issues them (OAuth 2.0 renewals) and the
// script sees the new values on its next read, in both languages.
// The renewal is due at once but waits for the script's first record, so the script has read the
// first headers before they change, however slowly it starts. maxRecords makes the harness send
// each record as it is written.
const live = () => {
  let n = 0;
  let started!: () => void;
  const firstRecord = new Promise<void>((resolve) => (started = resolve));
  return {
    maxRecords: 10,
    onRecords: () => started(),
    live: {
      at: Date.now(),
      next: async () => {
        await firstRecord;
        return { headers: { Authorization: `Bearer renewed-${++n}` }, params: { k: "v" }, at: null };
      },
    },
  };
};
const connection = { type: "oauth2", headers: { Authorization: "Bearer first" }, params: {} };

describe("live connection headers", () => {
  it("Python sees renewed headers on the next read", async () => {
    const { result, records, text } = await runForTest(
      "python",
      `import time
from lib import outputStream, connection
outputStream.write({"h": connection.headers["Authorization"], "p": dict(connection.params)})
end = time.time() + 10
while connection.headers.Authorization == "Bearer first" and time.time() < end:
    time.sleep(0.05)
outputStream.write({"h": connection["headers"]["Authorization"], "p": dict(connection.get("params"))})
`,
      { connection, ...live() },
    );
    expect(result.ok, text).toBe(true);
    expect(records).toEqual([{ h: "Bearer first", p: {} }, { h: "Bearer renewed-1", p: { k: "v" } }]);
    expect(text).toContain("Connection headers renewed");
  });

  it("JavaScript sees renewed headers on the next read", async () => {
    const { result, records, text } = await runForTest(
      "javascript",
      `import { outputStream, connection } from "lib";
outputStream.write({ h: connection.headers.Authorization, p: connection.params });
const end = Date.now() + 10000;
while (connection.headers.Authorization === "Bearer first" && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
outputStream.write({ h: connection.headers.Authorization, p: connection.params, type: connection.type });
`,
      { connection, ...live() },
    );
    expect(result.ok, text).toBe(true);
    expect(records).toEqual([{ h: "Bearer first", p: {} }, { h: "Bearer renewed-1", p: { k: "v" }, type: "oauth2" }]);
  });

  it("types without headers get empty ones", async () => {
    const { records } = await runForTest("python", `from lib import outputStream, connection\noutputStream.write({"h": dict(connection.headers), "p": dict(connection.params)})\n`);
    expect(records).toEqual([{ h: {}, p: {} }]);
  });
});
