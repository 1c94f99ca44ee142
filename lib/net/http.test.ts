import dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { policyFetch } from "./http";
import { DestinationNotAllowedError } from "./policy";

// policyFetch against real listeners on loopback (the server context allows loopback by default).
// Redirects to refused addresses must fail before a connection: a deny-listed listener on
// 127.0.0.3 counts every connection it gets, and the metadata address is refused by the policy
// check itself, so no test here ever sends a packet to it.

const rules = { allow: [] as string[], deny: ["127.0.0.3/32"], scriptsMayReachPrivate: false, serverMayReachPrivate: true };
vi.mock("@/lib/settings/service", () => ({ getSetting: () => rules }));

let answers: Record<string, { address: string; family: 4 | 6 }[]> = {};
const lookup = vi.spyOn(dns.promises, "lookup").mockImplementation((async (host: string) => {
  if (!answers[host]) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return answers[host];
}) as never);

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
let seen: Seen[] = [];
let origin: http.Server;
let other: http.Server;
let denied: http.Server;
let deniedConnections = 0;
let base = "";
let otherBase = "";
let deniedBase = "";

const listen = (server: http.Server, host: string) => new Promise<number>((r) => server.listen(0, host, () => r((server.address() as AddressInfo).port)));

beforeAll(async () => {
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const u = new URL(req.url!, "http://x");
      const to = u.searchParams.get("to");
      if (to) return res.writeHead(Number(u.searchParams.get("status") ?? 302), { location: to }).end();
      if (u.pathname === "/loop") return res.writeHead(302, { location: "/loop" }).end();
      res.writeHead(200, { "content-type": "application/json", "set-cookie": ["a=1", "b=2"] }).end(JSON.stringify({ ok: true, host: req.headers.host }));
    });
  };
  origin = http.createServer(handler);
  other = http.createServer(handler);
  denied = http.createServer((_req, res) => res.end("reached"));
  denied.on("connection", () => deniedConnections++);
  base = `http://127.0.0.1:${await listen(origin, "127.0.0.1")}`;
  otherBase = `http://127.0.0.2:${await listen(other, "127.0.0.2")}`;
  deniedBase = `http://127.0.0.3:${await listen(denied, "127.0.0.3")}`;
});
afterAll(async () => {
  for (const s of [origin, other, denied]) await new Promise((r) => s.close(r));
});
beforeEach(() => {
  seen = [];
  answers = {};
  lookup.mockClear();
});

const server = { context: "server" as const };

describe("policyFetch", () => {
  it("fetches an allowed destination and returns a Response", async () => {
    const res = await policyFetch(`${base}/x?y=1`, { headers: { accept: "application/json" } }, server);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(seen[0]).toMatchObject({ method: "GET", url: "/x?y=1" });
  });

  it("dials the checked address of a name, once, keeping the Host header", async () => {
    const port = new URL(base).port;
    answers["api.pinned.test"] = [{ address: "127.0.0.1", family: 4 }];
    const res = await policyFetch(`http://api.pinned.test:${port}/hello`, {}, server);
    expect(await res.json()).toEqual({ ok: true, host: `api.pinned.test:${port}` });
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it("refuses a redirect to the metadata address in any notation, before connecting", async () => {
    for (const to of ["http://169.254.169.254/latest/meta-data/", "http://2852039166/", "http://0xa9fea9fe/", "http://[::ffff:a9fe:a9fe]/", "http://[fd00:ec2::254]/", "http://metadata.google.internal/"]) {
      const err = await policyFetch(`${base}/r?to=${encodeURIComponent(to)}`, {}, server).then(
        () => null,
        (e) => e,
      );
      expect(err, to).toBeInstanceOf(DestinationNotAllowedError);
      expect(err.message).toContain("always refused");
    }
  });

  it("refuses a redirect to a deny-listed listener, which never sees a connection", async () => {
    const err = await policyFetch(`${base}/r?to=${encodeURIComponent(`${deniedBase}/secret`)}`, {}, server).catch((e) => e);
    expect(err).toBeInstanceOf(DestinationNotAllowedError);
    expect(err.rule).toBe("deny rule 127.0.0.3/32 from Settings → Network");
    await expect(policyFetch(`${deniedBase}/`, {}, server)).rejects.toBeInstanceOf(DestinationNotAllowedError);
    expect(deniedConnections).toBe(0);
  });

  it("follows at most maxRedirects", async () => {
    await expect(policyFetch(`${base}/loop`, {}, { ...server, maxRedirects: 3 })).rejects.toMatchObject({ code: "ERR_TOO_MANY_REDIRECTS" });
    expect(seen).toHaveLength(4);
  });

  it("turns POST into GET on 302/303, keeps it on 307/308, and drops credentials across origins", async () => {
    const post = { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer t", "x-api-key": "k" }, body: '{"a":1}' };
    await policyFetch(`${base}/r?status=302&to=${encodeURIComponent(`${base}/next`)}`, post, server);
    expect(seen[1]).toMatchObject({ method: "GET", url: "/next", body: "" });
    expect(seen[1].headers["content-type"]).toBeUndefined();
    expect(seen[1].headers.authorization).toBe("Bearer t");
    seen = [];
    await policyFetch(`${base}/r?status=307&to=${encodeURIComponent(`${otherBase}/next`)}`, post, server);
    expect(seen[1]).toMatchObject({ method: "POST", url: "/next", body: '{"a":1}' });
    expect(seen[1].headers.authorization).toBeUndefined();
    expect(seen[1].headers["x-api-key"]).toBe("k");
  });

  it("reports network failures with Node's codes and refuses non-http schemes", async () => {
    const closed = http.createServer();
    const port = await listen(closed, "127.0.0.1");
    await new Promise((r) => closed.close(r));
    await expect(policyFetch(`http://127.0.0.1:${port}/`, {}, server)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await expect(policyFetch(`${base}/r?to=${encodeURIComponent("file:///etc/passwd")}`, {}, server)).rejects.toMatchObject({ code: "ERR_UNSUPPORTED_URL" });
    await expect(policyFetch("http://no-such-host.invalid/", {}, server)).rejects.toMatchObject({ code: "ENOTFOUND" });
  });

  it("honours the abort signal", async () => {
    const slow = http.createServer(() => {});
    const port = await listen(slow, "127.0.0.1");
    const started = Date.now();
    await expect(policyFetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(200) }, server)).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(5_000);
    slow.closeAllConnections();
    await new Promise((r) => slow.close(r));
  });
});
