import fs from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startEgressProxy, type EgressProxy } from "./egress-proxy";

// The scripts' egress proxy on a Unix socket, spoken to as Python's requests or pip would: CONNECT
// for https, absolute-form for http. Upstreams are loopback listeners; the metadata address is
// refused by the policy before any connection.

const rules = { allow: [] as string[], deny: [] as string[], scriptsMayReachPrivate: false, serverMayReachPrivate: true };
vi.mock("@/lib/settings/service", () => ({ getSetting: () => rules }));

let dir: string;
let proxy: EgressProxy;
let events: string[] = [];
let web: http.Server;
let echo: net.Server;
let webPort = 0;
let echoPort = 0;
let upstreamConnections = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "egress-test-"));
  web = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => res.writeHead(200, { "content-type": "application/json", "x-upstream": "1" }).end(JSON.stringify({ method: req.method, url: req.url, body, headers: req.headers })));
  });
  web.on("connection", () => upstreamConnections++);
  echo = net.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => web.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => echo.listen(0, "127.0.0.1", r));
  webPort = (web.address() as AddressInfo).port;
  echoPort = (echo.address() as AddressInfo).port;
  proxy = await startEgressProxy({ socketPath: path.join(dir, "egress.sock"), onEvent: (l) => events.push(l) });
});
afterAll(async () => {
  await proxy.close();
  await new Promise((r) => web.close(r));
  await new Promise((r) => echo.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  events = [];
  Object.assign(rules, { allow: [], deny: [], scriptsMayReachPrivate: false });
});

function viaProxy(socketPath: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ socketPath, path: url, method: init.method ?? "GET", headers: { host: new URL(url).host, ...init.headers } }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** Sends CONNECT, returns the status line and the socket (for the tunnel). */
function connect(socketPath: string, authority: string) {
  return new Promise<{ status: string; socket: net.Socket; rest: string }>((resolve, reject) => {
    const socket = net.connect(socketPath);
    let buffered = "";
    socket.on("error", reject);
    socket.on("data", function onData(chunk) {
      buffered += chunk.toString("latin1");
      const end = buffered.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onData);
      const head = buffered.slice(0, end);
      const rest = buffered.slice(end + 4);
      if (/ 200 /.test(head.split("\r\n")[0])) return resolve({ status: head.split("\r\n")[0], socket, rest });
      // Refusals close the connection after the body.
      socket.on("data", (c) => (buffered += c.toString("latin1")));
      socket.on("end", () => resolve({ status: head.split("\r\n")[0], socket, rest: buffered.slice(end + 4) }));
    });
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`);
  });
}

describe("the egress proxy", () => {
  it("listens on a Unix socket that another uid may use", () => {
    expect(fs.statSync(proxy.socketPath).mode & 0o777).toBe(0o666);
  });

  it("refuses loopback for scripts by default, reporting the rule", async () => {
    const res = await viaProxy(proxy.socketPath, `http://127.0.0.1:${webPort}/data`);
    expect(res.status).toBe(403);
    expect(res.body).toContain("destination_not_allowed");
    expect(res.body).toContain("scripts may not reach loopback");
    expect(events).toEqual([`Refused connection to 127.0.0.1:${webPort} (127.0.0.1): loopback address; scripts may not reach loopback or private addresses unless an admin allows them (Settings → Network)`]);
  });

  it("relays absolute-form requests to allowed destinations, without hop-by-hop headers", async () => {
    rules.allow = [`127.0.0.1:${webPort}`];
    const res = await viaProxy(proxy.socketPath, `http://127.0.0.1:${webPort}/data?x=1`, {
      method: "POST",
      headers: { "proxy-authorization": "Basic Zm9vOmJhcg==", connection: "keep-alive, x-drop-me", "x-drop-me": "1", "x-keep": "2", "content-type": "text/plain" },
      body: "hello",
    });
    expect(res.status).toBe(200);
    expect(res.headers["x-upstream"]).toBe("1");
    const seen = JSON.parse(res.body);
    expect(seen).toMatchObject({ method: "POST", url: "/data?x=1", body: "hello" });
    expect(seen.headers["x-keep"]).toBe("2");
    expect(seen.headers["proxy-authorization"]).toBeUndefined();
    expect(seen.headers["x-drop-me"]).toBeUndefined();
    expect(events).toEqual([]);
  });

  it("refuses the metadata address in any notation, for CONNECT and absolute-form alike", async () => {
    rules.allow = ["0.0.0.0/0", "::/0"];
    rules.scriptsMayReachPrivate = true;
    for (const authority of ["169.254.169.254:80", "2852039166:443", "0xa9fea9fe:443", "[::ffff:169.254.169.254]:443", "[fd00:ec2::254]:80", "metadata.google.internal:80"]) {
      const r = await connect(proxy.socketPath, authority);
      expect(r.status, authority).toBe("HTTP/1.1 403 Forbidden");
      expect(r.rest).toContain("destination_not_allowed");
      expect(r.rest).toContain("always refused");
    }
    const abs = await viaProxy(proxy.socketPath, "http://169.254.169.254/latest/meta-data/");
    expect(abs.status).toBe(403);
    expect(events).toHaveLength(7);
    expect(events[0]).toBe("Refused connection to 169.254.169.254:80 (169.254.169.254): cloud metadata / link-local address; always refused");
  });

  it("tunnels CONNECT to an allowed destination, and close() ends open tunnels", async () => {
    rules.scriptsMayReachPrivate = true;
    const own = await startEgressProxy({ socketPath: path.join(dir, "own.sock"), onEvent: (l) => events.push(l) });
    const { status, socket } = await connect(own.socketPath, `127.0.0.1:${echoPort}`);
    expect(status).toBe("HTTP/1.1 200 Connection Established");
    const echoed = new Promise<string>((r) => socket.once("data", (c) => r(c.toString())));
    socket.write("ping");
    expect(await echoed).toBe("ping");
    const ended = new Promise<void>((r) => socket.once("close", () => r()));
    await own.close();
    await ended;
    expect(fs.existsSync(own.socketPath)).toBe(false);
  });

  it("answers 502 with the reason when the destination does not answer", async () => {
    rules.scriptsMayReachPrivate = true;
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await connect(proxy.socketPath, `127.0.0.1:${port}`);
    expect(r.status).toBe("HTTP/1.1 502 Bad Gateway");
    expect(r.rest).toContain("ECONNREFUSED");
    expect((await viaProxy(proxy.socketPath, `http://127.0.0.1:${port}/`)).status).toBe(502);
  });

  it("restrictTo allows only the listed destinations (the package index for pip)", async () => {
    const pip = await startEgressProxy({ socketPath: path.join(dir, "pip.sock"), onEvent: (l) => events.push(l), restrictTo: [`127.0.0.1:${webPort}`] });
    try {
      expect((await viaProxy(pip.socketPath, `http://127.0.0.1:${webPort}/simple/requests/`)).status).toBe(200);
      const before = upstreamConnections;
      expect((await viaProxy(pip.socketPath, `http://127.0.0.1:${echoPort}/`)).status).toBe(403);
      expect((await connect(pip.socketPath, "169.254.169.254:443")).status).toBe("HTTP/1.1 403 Forbidden");
      expect(upstreamConnections).toBe(before);
      expect(events.at(-2)).toContain(`only 127.0.0.1:${webPort} may be reached from here`);
    } finally {
      await pip.close();
    }
  });

  it("answers 400 to requests that are not proxy requests", async () => {
    const res = await new Promise<number>((resolve, reject) => {
      http.get({ socketPath: proxy.socketPath, path: "/just/a/path" }, (r) => resolve(r.statusCode!)).on("error", reject);
    });
    expect(res).toBe(400);
  });
});
