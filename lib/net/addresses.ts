// IP address parsing for the outbound policy. Pure and browser-safe (no node:net), so the rule
// syntax and the settings form could share it.
//
// The policy never relies on the resolver to interpret a literal: every notation getaddrinfo
// accepts for IPv4 (inet_aton's decimal, octal, hex and short forms) is decoded here first, and
// IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are reduced to it.

export type IpAddress = { family: 4; value: number; text: string } | { family: 6; bytes: Uint8Array; text: string; zone: string | null };

/** inet_aton: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the last part fills the rest. */
export function parseIPv4Loose(text: string): number | null {
  if (!/^[0-9a-fx.]+$/i.test(text)) return null;
  const parts = text.split(".");
  if (parts.length < 1 || parts.length > 4) return null;
  const values: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0x[0-9a-f]+$/i.test(p)) v = parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = p.length > 1 ? parseInt(p.slice(1), 8) : 0;
    else if (/^[1-9][0-9]*$/.test(p)) v = Number(p);
    else return null;
    if (!Number.isFinite(v) || v > 0xffffffff) return null;
    values.push(v);
  }
  const last = values.pop()!;
  const lastBits = 32 - 8 * values.length;
  if (values.some((v) => v > 255) || last >= 2 ** lastBits) return null;
  let out = 0;
  values.forEach((v, i) => (out += v * 2 ** (24 - 8 * i)));
  return out + last;
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(value / 2 ** s) % 256).join(".");
}

function strictIPv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** 16 bytes, or null. Accepts `::`, an embedded dotted quad, and a `%zone` suffix (returned apart). */
export function parseIPv6(input: string): { bytes: Uint8Array; zone: string | null } | null {
  let text = input;
  let zone: string | null = null;
  const pct = text.indexOf("%");
  if (pct >= 0) {
    zone = text.slice(pct + 1);
    text = text.slice(0, pct);
    if (!zone) return null;
  }
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(":")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (s: string): number[] | null => {
    if (s === "") return [];
    const out: number[] = [];
    const pieces = s.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      if (i === pieces.length - 1 && p.includes(".")) {
        const v4 = strictIPv4(p);
        if (v4 === null) return null;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else if (/^[0-9a-f]{1,4}$/i.test(p)) out.push(parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return null;
  // A dotted quad may only end the address.
  if (halves.length === 2 && halves[0].includes(".")) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    if (head.length !== 8) return null;
    groups = head;
  }
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return { bytes, zone };
}

/** RFC 5952 text: lower case, the longest run of zero groups as `::`. */
export function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** A host as written (brackets, zone, any IPv4 notation) as an address, or null for a name. */
export function parseIpLiteral(host: string): IpAddress | null {
  let text = host.trim();
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  // Zone ids arrive URL-encoded from URIs (fe80::1%25eth0).
  text = text.replace(/%25/, "%");
  if (text.includes(":")) {
    const v6 = parseIPv6(text);
    return v6 ? { family: 6, bytes: v6.bytes, zone: v6.zone, text: formatIPv6(v6.bytes) } : null;
  }
  const v4 = parseIPv4Loose(text.replace(/\.$/, ""));
  return v4 === null ? null : { family: 4, value: v4, text: formatIPv4(v4) };
}

const v4Of = (b: Uint8Array, at: number) => ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];

/**
 * The IPv4 address an IPv6 address stands for, when it embeds one: IPv4-mapped (::ffff:0:0/96),
 * IPv4-translated (::ffff:0:0:0/96), IPv4-compatible (::/96 except :: and ::1), NAT64
 * (64:ff9b::/96 and the local-use 64:ff9b:1::/48) and 6to4 (2002::/16).
 */
export function embeddedIPv4(bytes: Uint8Array): number | null {
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4Of(bytes, 12);
  if (zero(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && bytes[10] === 0 && bytes[11] === 0) return v4Of(bytes, 12);
  if (zero(0, 12)) {
    const v = v4Of(bytes, 12);
    return v > 1 ? v : null;
  }
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b) {
    if (zero(4, 12)) return v4Of(bytes, 12);
    if (bytes[4] === 0 && bytes[5] === 1) return v4Of(bytes, 12);
  }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4Of(bytes, 2);
  return null;
}

export type Cidr = { family: 4; base: number; prefix: number } | { family: 6; bytes: Uint8Array; prefix: number };

export function parseCidr(text: string): Cidr {
  const [addr, prefixText] = text.split("/");
  const ip = parseIpLiteral(addr);
  if (!ip) throw new Error(`Not a CIDR: ${text}`);
  const prefix = prefixText === undefined ? (ip.family === 4 ? 32 : 128) : Number(prefixText);
  return ip.family === 4 ? { family: 4, base: ip.value, prefix } : { family: 6, bytes: ip.bytes, prefix };
}

export function inCidr(ip: IpAddress, cidr: Cidr): boolean {
  if (ip.family !== cidr.family) return false;
  if (ip.family === 4 && cidr.family === 4) {
    if (cidr.prefix === 0) return true;
    const size = 2 ** (32 - cidr.prefix);
    return Math.floor(ip.value / size) === Math.floor(cidr.base / size);
  }
  if (ip.family === 6 && cidr.family === 6) {
    for (let bit = 0; bit < cidr.prefix; bit += 8) {
      const bits = Math.min(8, cidr.prefix - bit);
      const mask = (0xff << (8 - bits)) & 0xff;
      if ((ip.bytes[bit / 8] & mask) !== (cidr.bytes[bit / 8] & mask)) return false;
    }
    return true;
  }
  return false;
}

export function ipv4Address(value: number): IpAddress {
  return { family: 4, value, text: formatIPv4(value) };
}
