// The syntax of an outbound allow/deny rule, shared by the settings form, the API and the policy.
// Browser-safe (no node:net). A rule is one of:
//   CIDR          10.0.0.0/8, 127.0.0.2/32, fd00::/8
//   address       192.168.1.5, ::1            (every port)
//   host          db.internal                 (every port; matched against the name asked for)
//   host:port     db.internal:5432, 10.1.2.3:8080, [fd00::1]:443
//   *.domain      *.corp.example, *.corp.example:443  (every name under the domain, not the domain itself)

export type NetworkRule =
  | { kind: "cidr"; family: 4 | 6; address: string; prefix: number; port: null; text: string }
  | { kind: "host"; host: string; port: number | null; text: string; subdomains?: boolean };

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

export function isIPv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIPv6(text: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(":")) return false;
  const dbl = text.split("::");
  if (dbl.length > 2) return false;
  let groups = text.replace("::", ":x:").split(":").filter((g) => g !== "");
  const tail = groups[groups.length - 1];
  let count = groups.length;
  if (tail && tail.includes(".")) {
    if (!isIPv4(tail)) return false;
    groups = groups.slice(0, -1);
    count += 1;
  }
  if (!groups.every((g) => g === "x" || /^[0-9a-f]{1,4}$/i.test(g))) return false;
  return dbl.length === 2 ? count <= 8 : count === 8;
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : null;
}

/** Parses one rule, or returns a sentence saying what is wrong with it. */
export function parseNetworkRule(input: string): NetworkRule | string {
  const text = input.trim();
  if (!text) return "Empty rule";
  const slash = text.indexOf("/");
  if (slash >= 0) {
    const address = text.slice(0, slash);
    const prefixText = text.slice(slash + 1);
    const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : null;
    if (!family) return `"${text}": the part before / must be an IPv4 or IPv6 address`;
    const max = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return `"${text}": the prefix length must be 0 to ${max}`;
    return { kind: "cidr", family, address: address.toLowerCase(), prefix: Number(prefixText), port: null, text };
  }
  if (isIPv4(text)) return { kind: "cidr", family: 4, address: text, prefix: 32, port: null, text };
  if (isIPv6(text)) return { kind: "cidr", family: 6, address: text.toLowerCase(), prefix: 128, port: null, text };
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  if (bracketed) {
    if (!isIPv6(bracketed[1])) return `"${text}": not an IPv6 address in brackets`;
    const port = parsePort(bracketed[2]);
    if (port === null) return `"${text}": the port must be 1 to 65535`;
    return { kind: "host", host: bracketed[1].toLowerCase(), port, text };
  }
  const colon = text.lastIndexOf(":");
  const host = colon >= 0 ? text.slice(0, colon) : text;
  const port = colon >= 0 ? parsePort(text.slice(colon + 1)) : null;
  if (colon >= 0 && port === null) return `"${text}": the port must be 1 to 65535`;
  const wildcard = host.startsWith("*.");
  const name = wildcard ? host.slice(2) : host;
  if (!HOSTNAME.test(name)) return `"${text}": give a CIDR (10.0.0.0/8), an address, a host name, *.domain, or host:port`;
  return { kind: "host", host: name.toLowerCase().replace(/\.$/, ""), port, text, ...(wildcard ? { subdomains: true } : {}) };
}

/** Splits a comma- or newline-separated list (an environment variable, a textarea). */
export function splitRuleList(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
