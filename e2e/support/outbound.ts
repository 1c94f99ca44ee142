import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";

// Helpers for the outbound-policy specs. Nothing here ever sends a packet to the metadata
// address or a private range: the point of those specs is that the server refuses before it
// connects, which a counting listener on a deny-listed loopback address proves.

export const METADATA = "169.254.169.254";

/** 169.254.169.254 as a host, in every notation a client might try (URL-safe: IPv6 in brackets). */
export const METADATA_HOSTS = [
  "169.254.169.254",
  "2852039166",
  "0xa9fea9fe",
  "0251.0376.0251.0376",
  "169.254.43518",
  "[::ffff:169.254.169.254]",
  "[::ffff:a9fe:a9fe]",
  "[::a9fe:a9fe]",
  "[64:ff9b::a9fe:a9fe]",
  "[fd00:ec2::254]",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
];

/** The same, as a bare host field (SSH host, warehouse host) takes it, plus a zone-scoped link-local address. */
export const METADATA_BARE_HOSTS = [...METADATA_HOSTS.map((h) => h.replace(/^\[|\]$/g, "")), "fe80::1%eth0"];

/** A name that resolves to 169.254.169.254 through /etc/hosts, for as long as the test needs it. */
export function metadataName(): { name: string; remove: () => void } {
  const name = `meta-${crypto.randomBytes(5).toString("hex")}.switchyard.test`;
  const line = `${METADATA} ${name}`;
  try {
    fs.accessSync("/etc/hosts", fs.constants.W_OK);
  } catch (e) {
    throw new Error(`The outbound-policy tests add a name for ${METADATA} to /etc/hosts, which is not writable here (run them as root): ${(e as Error).message}`);
  }
  const before = fs.readFileSync("/etc/hosts", "utf8");
  fs.appendFileSync("/etc/hosts", `${before.endsWith("\n") || before === "" ? "" : "\n"}${line}\n`);
  return {
    name,
    remove: () => {
      const now = fs.readFileSync("/etc/hosts", "utf8");
      fs.writeFileSync("/etc/hosts", now.split("\n").filter((l) => l !== line).join("\n"));
    },
  };
}

/** This machine's first non-loopback IPv4 address (the console listens there too). */
export function interfaceAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) for (const i of list ?? []) if (i.family === "IPv4" && !i.internal) return i.address;
  return null;
}

export type Redirector = {
  base: string;
  // A URL on the redirector that answers 302 (or `status`) to `target`; extra path is appended.
  to: (target: string, status?: number) => string;
  hits: string[];
  close: () => Promise<void>;
};

/**
 * An allowed HTTP server on 127.0.0.1: /to/<base64url target>[/rest] redirects to target+rest,
 * /long answers a 403 with a long body holding a secret-looking field, /token a small JSON.
 */
export async function startRedirector(): Promise<Redirector> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    const m = /^\/to\/([A-Za-z0-9_-]+)(?:\/s(\d{3}))?(\/.*)?$/.exec(req.url ?? "");
    if (m) {
      const target = Buffer.from(m[1], "base64url").toString() + (m[3] && m[3] !== "/" ? m[3] : "");
      return void res.writeHead(Number(m[2] ?? 302), { location: target }).end();
    }
    if (req.url?.startsWith("/long")) {
      const body = JSON.stringify({ error: "denied", session_token: "Planted-session-token-value", detail: "x".repeat(5_000) });
      return void res.writeHead(req.url.includes("500") ? 500 : 403, { "content-type": "application/json" }).end(body);
    }
    if (req.url?.startsWith("/token") || req.url?.endsWith("/status")) {
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: "Planted-access-token", version: "29.0.1" }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    hits,
    to: (target, status) => `${base}/to/${Buffer.from(target).toString("base64url")}${status ? `/s${status}` : ""}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export type CountingListener = { host: string; port: number; url: string; connections: () => number; close: () => Promise<void> };

/** A TCP listener that counts every connection it accepts (and answers nothing useful). */
export async function countingListener(host: string): Promise<CountingListener> {
  let count = 0;
  const server = net.createServer((s) => {
    count++;
    s.end("HTTP/1.1 200 OK\r\ncontent-length: 7\r\nconnection: close\r\n\r\nreached");
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  return { host, port, url: `http://${host}:${port}/`, connections: () => count, close: () => new Promise((r) => server.close(() => r())) };
}

/** A TCP server that greets with a banner, as an SSH or mail server would (what a port scan reads). */
export async function bannerServer(banner: string): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on("error", () => {});
    s.write(banner);
    setTimeout(() => s.end(`${banner}\r\n`), 200);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
