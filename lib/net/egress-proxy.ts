import "server-only";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { isDestinationNotAllowed, checkDestination, type NetContext } from "./policy";
import { pinnedLookup } from "./http";

// The scripts' only way out (DESIGN §5): an HTTP proxy on a Unix socket that the sandbox binds in
// (a forwarder inside relays 127.0.0.1:PORT to it). CONNECT tunnels and absolute-form requests
// both go through checkDestination(…, "script") and are dialled by the checked address.

export type EgressProxyOptions = {
  socketPath: string;
  context?: NetContext;
  onEvent: (line: string) => void;
  // Only these destinations (host or host:port), e.g. the package index for pip.
  restrictTo?: string[];
};

export type EgressProxy = { socketPath: string; close(): Promise<void> };

// RFC 9110 §7.6.1 hop-by-hop fields, plus the proxy's own.
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"];

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const listed = String(headers.connection ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.includes(k) && !listed.includes(k)) out[k] = v;
  return out;
}

/** "host:port" or "[v6]:port" from a CONNECT line. */
function parseAuthority(text: string): { host: string; port: number } | null {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:\s]+):(\d{1,5})$/.exec(text);
  return m ? { host: m[1], port: Number(m[2]) } : null;
}

const reasonOf = (e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}${err.message && !err.message.includes(err.code) ? ` ${err.message}` : ""}` : (err.message ?? String(e));
};

export async function startEgressProxy(opts: EgressProxyOptions): Promise<EgressProxy> {
  const context = opts.context ?? "script";
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
    return s;
  };

  const check = async (host: string, port: number) => {
    try {
      return { dest: await checkDestination(host, port, context, { restrictTo: opts.restrictTo }) };
    } catch (e) {
      if (isDestinationNotAllowed(e)) {
        opts.onEvent(`Refused connection to ${host}:${port} (${e.address}): ${e.rule}`);
        return { refused: `destination_not_allowed: ${e.message}\n` };
      }
      const why = reasonOf(e);
      opts.onEvent(`Could not resolve ${host}:${port}: ${why}`);
      return { failed: `Could not resolve ${host}: ${why}\n` };
    }
  };

  const server = http.createServer((req, res) => {
    proxyRequest(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain", connection: "close" }).end(`Proxy error: ${reasonOf(e)}\n`);
      else res.destroy();
    });
  });

  async function proxyRequest(req: http.IncomingMessage, res: http.ServerResponse) {
    let target: URL;
    try {
      target = new URL(req.url ?? "");
    } catch {
      res.writeHead(400, { "content-type": "text/plain" }).end("This is a proxy: send absolute-form requests (GET http://host/path) or CONNECT host:port\n");
      return;
    }
    if (target.protocol !== "http:") {
      res.writeHead(400, { "content-type": "text/plain" }).end(`Only http:// requests are proxied this way; use CONNECT for ${target.protocol}//\n`);
      return;
    }
    const host = target.hostname.replace(/^\[|\]$/g, "");
    const port = target.port ? Number(target.port) : 80;
    const verdict = await check(host, port);
    if (!verdict.dest) {
      res.writeHead(verdict.refused ? 403 : 502, { "content-type": "text/plain", connection: "close" }).end(verdict.refused ?? verdict.failed);
      return;
    }
    const upstream = http.request(
      {
        host: net.isIP(host) ? verdict.dest.address : host,
        port,
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers: endToEnd(req.headers),
        lookup: pinnedLookup(verdict.dest),
        agent: false,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
        answer.pipe(res);
        answer.on("error", () => res.destroy());
      },
    );
    upstream.on("socket", (s) => track(s));
    upstream.on("error", (e) => {
      opts.onEvent(`Connection to ${host}:${port} failed: ${reasonOf(e)}`);
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain", connection: "close" }).end(`Connection to ${host}:${port} failed: ${reasonOf(e)}\n`);
      else res.destroy();
    });
    req.pipe(upstream);
    res.on("close", () => upstream.destroy());
  }

  server.on("connection", (s) => track(s));

  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    client.on("error", () => {});
    tunnel(req, client, head).catch(() => client.destroy());
  });

  async function tunnel(req: http.IncomingMessage, client: net.Socket, head: Buffer) {
    const reply = (status: string, body: string) => client.end(`HTTP/1.1 ${status}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    const authority = parseAuthority(req.url ?? "");
    if (!authority) return reply("400 Bad Request", "CONNECT needs host:port\n");
    const verdict = await check(authority.host, authority.port);
    if (!verdict.dest) return reply(verdict.refused ? "403 Forbidden" : "502 Bad Gateway", (verdict.refused ?? verdict.failed)!);
    const upstream = track(net.connect({ host: verdict.dest.address, port: authority.port }));
    let established = false;
    upstream.once("connect", () => {
      established = true;
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", (e) => {
      if (!established) {
        opts.onEvent(`Connection to ${authority.host}:${authority.port} failed: ${reasonOf(e)}`);
        reply("502 Bad Gateway", `Connection to ${authority.host}:${authority.port} failed: ${reasonOf(e)}\n`);
      } else client.destroy();
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  }

  // Upgrades (WebSocket) are not proxied.
  server.on("upgrade", (_req, socket: net.Socket) => socket.end("HTTP/1.1 501 Not Implemented\r\nconnection: close\r\n\r\n"));

  fs.rmSync(opts.socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // The script runs as another uid; the socket's folder is what keeps others out.
  fs.chmodSync(opts.socketPath, 0o666);

  let closed: Promise<void> | null = null;
  return {
    socketPath: opts.socketPath,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
      }).finally(() => fs.rmSync(opts.socketPath, { force: true }));
      return closed;
    },
  };
}
