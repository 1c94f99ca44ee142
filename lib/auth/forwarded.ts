import net from "node:net";

// Which client address and host a request came from, trusting forwarded headers only from the
// proxies in TRUSTED_PROXIES (comma-separated addresses or CIDRs; default none).
//
// `next start` fills `x-forwarded-for` with the socket's address only when the request has no such
// header (`??=` in next/dist/server/base-server.js), so a client talking to the server directly can
// write whatever it likes there. lib/auth/peer-address.ts therefore records the socket's address in
// PEER_HEADER (overwriting any client value); the chain is `x-forwarded-for` followed by that peer,
// and the client is the rightmost address of the chain that is not a trusted proxy.

export const PEER_HEADER = "x-switchyard-peer";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function getter(headers: HeaderSource) {
  return (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(", ") : v;
  };
}

type Range = { family: 4 | 6; bits: bigint; prefix: number };

function normalize(address: string): string {
  const a = address.trim().replace(/^\[|\]$/g, "");
  // IPv4-mapped IPv6 (what a dual-stack socket reports for 127.0.0.1) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? mapped[1] : a;
}

function toBits(address: string): { family: 4 | 6; bits: bigint } | null {
  const a = normalize(address);
  if (net.isIPv4(a)) return { family: 4, bits: a.split(".").reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n) };
  if (!net.isIPv6(a)) return null;
  const [head, tail = ""] = a.includes("::") ? a.split("::") : [a, undefined as unknown as string];
  const parse = (s: string) => (s ? s.split(":") : []);
  let left = parse(head);
  let right = a.includes("::") ? parse(tail) : [];
  const expandV4 = (parts: string[]) => {
    const last = parts[parts.length - 1];
    if (last && net.isIPv4(last)) {
      const o = last.split(".").map(Number);
      return [...parts.slice(0, -1), ((o[0] << 8) | o[1]).toString(16), ((o[2] << 8) | o[3]).toString(16)];
    }
    return parts;
  };
  if (right.length) right = expandV4(right);
  else left = expandV4(left);
  const groups = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return { family: 6, bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

export function parseTrustedProxies(value: string | undefined): Range[] {
  const ranges: Range[] = [];
  for (const item of (value ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [addr, len] = item.split("/");
    const parsed = toBits(addr);
    if (!parsed) throw new Error(`TRUSTED_PROXIES: "${item}" is not an IP address or CIDR`);
    const max = parsed.family === 4 ? 32 : 128;
    const prefix = len === undefined ? max : Number(len);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`TRUSTED_PROXIES: "${item}" has a bad prefix length`);
    ranges.push({ family: parsed.family, bits: parsed.bits, prefix });
  }
  return ranges;
}

function inRanges(address: string, ranges: Range[]): boolean {
  const parsed = toBits(address);
  if (!parsed) return false;
  return ranges.some((r) => {
    if (r.family !== parsed.family) return false;
    const shift = BigInt((r.family === 4 ? 32 : 128) - r.prefix);
    return parsed.bits >> shift === r.bits >> shift;
  });
}

let cached: { raw: string | undefined; ranges: Range[] } | undefined;
function trustedRanges(): Range[] {
  const raw = process.env.TRUSTED_PROXIES;
  if (!cached || cached.raw !== raw) cached = { raw, ranges: parseTrustedProxies(raw) };
  return cached.ranges;
}

export function isTrustedProxy(address: string, ranges = trustedRanges()): boolean {
  return inRanges(address, ranges);
}

export type ClientAddress = {
  // The client's address: the rightmost address of the chain that is not a trusted proxy.
  ip: string | null;
  // True when every address of the chain is a trusted proxy (the proxy itself, or a request that
  // named no client): such an address stands for many clients, so per-address limits skip it.
  viaTrustedOnly: boolean;
};

export function clientAddress(headers: HeaderSource, ranges = trustedRanges()): ClientAddress {
  const get = getter(headers);
  const peer = get(PEER_HEADER)?.trim();
  const forwarded = (get("x-forwarded-for") ?? "").split(",").map(normalize).filter(Boolean);
  // Without the recorded peer (a caller outside the HTTP server) the last forwarded entry stands in.
  const chain = peer ? [...forwarded, normalize(peer)] : forwarded;
  if (!chain.length) return { ip: null, viaTrustedOnly: false };
  const last = chain[chain.length - 1];
  if (!inRanges(last, ranges)) return { ip: valid(last), viaTrustedOnly: false };
  for (let i = chain.length - 2; i >= 0; i--) {
    if (!inRanges(chain[i], ranges)) return { ip: valid(chain[i]), viaTrustedOnly: false };
  }
  return { ip: valid(chain[0]), viaTrustedOnly: true };
}

// A forwarded entry that is not an address (garbage from a proxy) is recorded as unknown.
function valid(address: string): string | null {
  return net.isIP(address) ? address : null;
}

export function clientIpFrom(headers: HeaderSource): string | null {
  return clientAddress(headers).ip;
}

/** The origin the client used: forwarded host and scheme only when the peer is a trusted proxy. */
export function requestOrigin(headers: HeaderSource, fallback: string): string {
  const get = getter(headers);
  const peer = get(PEER_HEADER);
  const viaProxy = peer ? isTrustedProxy(peer) : false;
  const host = (viaProxy ? get("x-forwarded-host")?.split(",")[0].trim() : undefined) || get("host");
  const proto = (viaProxy ? get("x-forwarded-proto")?.split(",")[0].trim() : undefined) || new URL(fallback).protocol.replace(":", "");
  if (!host || !/^[a-z0-9.\-\[\]:]+$/i.test(host) || !/^https?$/.test(proto)) return new URL(fallback).origin;
  return `${proto}://${host}`;
}
