import http from "node:http";
import type { AddressInfo } from "node:net";

// A stand-in for a container engine's HTTP API (the four calls the docker backend makes). Each
// "container" is a small HTTP server on loopback answering like RStudio's sign-in page, so a test
// can reach the published port the way Keboola's RStudio test does.

export type FakeDocker = { url: string; containers: Map<string, { env: string[]; image: string; server?: http.Server; port?: number }>; calls: string[]; close: () => Promise<void> };

export async function startFakeDocker(): Promise<FakeDocker> {
  const containers: FakeDocker["containers"] = new Map();
  const calls: string[] = [];
  const reply = (res: http.ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://docker");
      calls.push(`${req.method} ${url.pathname}`);
      const m = /^\/v1\.\d+\/containers\/(?:([^/]+)\/)?(create|start|json)?$/.exec(url.pathname) ?? /^\/v1\.\d+\/containers\/([^/]+)$/.exec(url.pathname);
      if (!m) return reply(res, 404, { message: "page not found" });
      if (req.method === "POST" && m[2] === "create") {
        const body = JSON.parse(text);
        containers.set(url.searchParams.get("name")!, { env: body.Env, image: body.Image });
        return reply(res, 201, { Id: url.searchParams.get("name"), Warnings: [] });
      }
      const c = containers.get(decodeURIComponent(m[1]));
      if (!c) return reply(res, 404, { message: `No such container: ${m[1]}` });
      if (req.method === "POST" && m[2] === "start") {
        c.server = http.createServer((_, r) => r.end("<html><title>RStudio Sign In</title></html>"));
        await new Promise<void>((r) => c.server!.listen(0, "127.0.0.1", r));
        c.port = (c.server.address() as AddressInfo).port;
        return reply(res, 204);
      }
      if (req.method === "GET" && m[2] === "json") return reply(res, 200, { NetworkSettings: { Ports: { "8787/tcp": [{ HostIp: "0.0.0.0", HostPort: String(c.port) }], "8888/tcp": [{ HostIp: "0.0.0.0", HostPort: String(c.port) }] } } });
      if (req.method === "DELETE") {
        await new Promise((r) => (c.server ? c.server.close(r) : r(undefined)));
        containers.delete(decodeURIComponent(m[1]));
        return reply(res, 204);
      }
      return reply(res, 405, { message: "not here" });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    containers,
    calls,
    close: async () => {
      for (const c of containers.values()) c.server?.close();
      await new Promise((r) => server.close(r));
    },
  };
}
