import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runForTest } from "@/lib/testing/script-run";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";

// The sandbox's only way out is the egress proxy. Peak's example scripts (requests from the
// dependency cache, as base packages) and JavaScript's fetch reach an allowed local API through
// it; everything else on this machine is refused by the policy before any connection is made.
const temp = useTempDataDir();
let api: http.Server;
let base = "";
let hits = 0;
let deniedHits = 0;
let denied: http.Server;

beforeAll(async () => {
  process.env.SWITCHYARD_BASE_PACKAGES = "requests";
  process.env.SWITCHYARD_NET_ALLOW = "127.0.0.2/32";
  process.env.SWITCHYARD_NET_DENY = "127.0.0.3/32";
  api = http.createServer((req, res) => {
    hits++;
    res.writeHead(req.url === "/moved" ? 302 : 200, { "content-type": "application/json", location: `http://127.0.0.3:${(denied.address() as AddressInfo).port}/` });
    res.end(JSON.stringify({ entries: [{ id: 1, name: "a" }, { id: 2, name: "b" }] }));
  });
  denied = http.createServer((_req, res) => {
    deniedHits++;
    res.end("{}");
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.2", r));
  await new Promise<void>((r) => denied.listen(0, "127.0.0.3", r));
  base = `http://127.0.0.2:${(api.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  await new Promise((r) => api.close(r));
  await new Promise((r) => denied.close(r));
  delete process.env.SWITCHYARD_BASE_PACKAGES;
  temp.cleanup();
});

const run = runForTest;

describe("egress through the policy proxy", () => {
  it("runs Peak's example script unchanged, with requests from the dependency cache", async () => {
    const { result, records, text } = await run(
      "python",
      `import requests
from lib import outputStream, metadata

r = requests.get("${base}/entries")

for i in r.json()["entries"]:
  outputStream.write(i)
`,
    );
    expect(result.ok, text).toBe(true);
    expect(records).toEqual([{ id: 1, name: "a" }, { id: 2, name: "b" }]);
    expect(text).toMatch(/Installed requests|requests already installed/);
  }, 120_000);

  it("lets JavaScript's fetch out through the same proxy", async () => {
    const { result, records, text } = await run("javascript", `import { outputStream } from "lib";\nconst r = await fetch("${base}/entries");\nfor (const e of (await r.json()).entries) outputStream.write(e);\n`);
    expect(result.ok, text).toBe(true);
    expect(records).toHaveLength(2);
  });

  it("refuses loopback services, the console's port, metadata and a redirect to a denied host, saying so in the run log", async () => {
    const before = deniedHits;
    const { result, text } = await run(
      "python",
      `import requests
for url in ["http://127.0.0.1:5432/", "http://127.0.0.1:${Number(process.env.PORT) || 3000}/api/health", "http://169.254.169.254/latest/meta-data/", "http://2852039166/", "http://[::ffff:169.254.169.254]/", "http://metadata.google.internal/", "${base}/moved"]:
    try:
        r = requests.get(url, timeout=5)
        # Plain HTTP is forwarded by the proxy itself, which answers a refusal with 403.
        print("REFUSED" if r.status_code == 403 and "destination_not_allowed" in r.text else "ANSWERED", url, r.status_code)
    except requests.RequestException as e:
        print("REFUSED", url)
`,
    );
    expect(result.ok, text).toBe(true);
    expect(text.match(/REFUSED/g), text).toHaveLength(7);
    expect(text).not.toContain("ANSWERED");
    expect(text.match(/system: Refused connection to/g)!.length).toBeGreaterThanOrEqual(7);
    expect(deniedHits).toBe(before);
  });

  it("logs at most 200 refusals, so a script retrying a refused host cannot flood the run log", async () => {
    const { result, text } = await run("python", `import requests\ns = requests.Session()\nfor _ in range(300):\n    s.get("http://127.0.0.1:5432/", timeout=5)\nprint("done")\n`);
    expect(result.ok, text).toBe(true);
    expect(text.match(/system: Refused connection to/g)).toHaveLength(200);
    expect(text).toContain("More than 200 proxy events; further ones are not logged");
  });
});
