// Which addresses and names the outbound policy treats specially. Pure data and matching; the
// decision (rules, contexts, the console's port) is in policy.ts.
import { embeddedIPv4, inCidr, ipv4Address, parseCidr, type Cidr, type IpAddress } from "./addresses";

export type AddressClass =
  | { kind: "always"; reason: string }
  | { kind: "loopback"; reason: string }
  | { kind: "private"; reason: string }
  | { kind: "public" };

const table = (list: [string, string][]): { cidr: Cidr; reason: string }[] => list.map(([c, reason]) => ({ cidr: parseCidr(c), reason }));

const METADATA = "cloud metadata / link-local address";

// Refused whatever the rules say: nothing legitimate lives there for a data console.
const ALWAYS = table([
  ["169.254.0.0/16", METADATA],
  ["fe80::/10", METADATA],
  ["fd00:ec2::254/128", METADATA], // AWS IMDS over IPv6
  ["100.100.100.200/32", METADATA], // Alibaba Cloud
  ["168.63.129.16/32", METADATA], // Azure WireServer
  ["224.0.0.0/4", "multicast address"],
  ["ff00::/8", "multicast address"],
  ["240.0.0.0/4", "broadcast / reserved address"],
  ["0.0.0.0/8", "unspecified / this-network address"],
]);

const LOOPBACK = table([
  ["127.0.0.0/8", "loopback address"],
  ["::1/128", "loopback address"],
  ["0.0.0.0/32", "loopback address (0.0.0.0 reaches this machine)"],
  ["::/128", "loopback address (:: reaches this machine)"],
]);

const PRIVATE = table([
  ["10.0.0.0/8", "private address"],
  ["172.16.0.0/12", "private address"],
  ["192.168.0.0/16", "private address"],
  ["100.64.0.0/10", "private address (carrier-grade NAT)"],
  ["fc00::/7", "private address (unique local)"],
  ["fec0::/10", "private address (site-local)"],
  ["192.0.0.0/24", "reserved address"],
  ["192.0.2.0/24", "reserved address (documentation)"],
  ["198.51.100.0/24", "reserved address (documentation)"],
  ["203.0.113.0/24", "reserved address (documentation)"],
  ["198.18.0.0/15", "reserved address (benchmarking)"],
  ["2001:db8::/32", "reserved address (documentation)"],
  ["100::/64", "reserved address (discard)"],
]);

// Names of metadata services, refused before any lookup (a resolver may answer them specially).
const METADATA_NAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "metadata.internal",
  "metadata.ec2.internal",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.azure.com",
  "metadata.azure.internal",
  "metadata.tencentyun.com",
  "metadata.platformequinix.com",
  "metadata.packet.net",
]);

export function isMetadataName(host: string): boolean {
  if (METADATA_NAMES.has(host)) return true;
  return host.endsWith(".metadata.google.internal") || /^(metadata|instance-data)\.[a-z0-9.-]*\.internal$/.test(host);
}

function lookupClass(ip: IpAddress): AddressClass {
  // Loopback first: 0.0.0.0 itself is loopback, the rest of 0.0.0.0/8 is always refused.
  for (const r of LOOPBACK) if (inCidr(ip, r.cidr)) return { kind: "loopback", reason: r.reason };
  for (const r of ALWAYS) if (inCidr(ip, r.cidr)) return { kind: "always", reason: r.reason };
  for (const r of PRIVATE) if (inCidr(ip, r.cidr)) return { kind: "private", reason: r.reason };
  return { kind: "public" };
}

const rank = { always: 3, loopback: 2, private: 1, public: 0 } as const;

/** The class of an address; an IPv6 form that embeds an IPv4 address counts as the stricter of the two. */
export function classify(ip: IpAddress): AddressClass {
  const own = lookupClass(ip);
  if (ip.family !== 6) return own;
  const v4 = embeddedIPv4(ip.bytes);
  if (v4 === null) return own;
  const inner = lookupClass(ipv4Address(v4));
  return rank[inner.kind] > rank[own.kind] ? inner : own;
}

/** The address itself and, for IPv6 forms that embed one, the IPv4 address it stands for. */
export function addressForms(ip: IpAddress): IpAddress[] {
  if (ip.family !== 6) return [ip];
  const v4 = embeddedIPv4(ip.bytes);
  return v4 === null ? [ip] : [ip, ipv4Address(v4)];
}
