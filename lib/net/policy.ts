import "server-only";
import dns from "node:dns";
import os from "node:os";
import { log } from "@/lib/log";
import { getSetting } from "@/lib/settings/service";
import { formatIPv4, formatIPv6, inCidr, parseCidr, parseIpLiteral, type IpAddress } from "./addresses";
import { addressForms, classify, isMetadataName } from "./ranges";
import { parseNetworkRule, splitRuleList, type NetworkRule } from "./rule-syntax";

// The outbound policy (DESIGN §5): every address the server or a script connects to is resolved
// once, checked here, and then dialled by that address (never by the name again, so a second
// DNS answer cannot swap it). Precedence: always refused > deny rules > allow rules (or a caller's
// restrictTo) > the loopback/private default of the context.

/** "script": the scripts' egress proxy and pip. "server": everything the server dials itself. */
export type NetContext = "script" | "server";

export type CheckedDestination = { host: string; address: string; family: 4 | 6 };

export type CheckOptions = {
  // Only these destinations (host, host:port, address or CIDR rules) may be reached; the
  // always-refused addresses and the deny rules still apply.
  restrictTo?: string[];
  signal?: AbortSignal;
};

const hostPort = (address: string, port: number) => (address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`);

export class DestinationNotAllowedError extends Error {
  readonly code = "destination_not_allowed" as const;

  constructor(
    readonly host: string,
    readonly address: string,
    readonly port: number,
    readonly rule: string,
  ) {
    super(`Connections to ${hostPort(address, port)}${host && host !== address ? ` (${host})` : ""} are not allowed (${rule})`);
    this.name = "DestinationNotAllowedError";
  }
}

export function isDestinationNotAllowed(error: unknown): error is DestinationNotAllowedError {
  return error instanceof DestinationNotAllowedError || (error as { code?: unknown } | null)?.code === "destination_not_allowed";
}

type SourcedRule = NetworkRule & { source: string };
type Rules = { allow: SourcedRule[]; deny: SourcedRule[]; scriptsMayReachPrivate: boolean; serverMayReachPrivate: boolean };

const envCache = new Map<string, SourcedRule[]>();

function parseList(list: string[], source: string): SourcedRule[] {
  const out: SourcedRule[] = [];
  for (const text of list) {
    const rule = parseNetworkRule(text);
    if (typeof rule === "string") log.warn("Ignoring an outbound rule that does not parse", { source, problem: rule });
    else out.push({ ...rule, source });
  }
  return out;
}

function envRules(name: "SWITCHYARD_NET_ALLOW" | "SWITCHYARD_NET_DENY"): SourcedRule[] {
  const raw = process.env[name] ?? "";
  const key = `${name}=${raw}`;
  let rules = envCache.get(key);
  if (!rules) {
    rules = parseList(splitRuleList(raw), name);
    envCache.set(key, rules);
  }
  return rules;
}

/** The rules in force now: the environment's lists plus the admin's setting (Settings -> Network). */
export async function currentRules(): Promise<Rules> {
  const setting = await getSetting("network.rules");
  return {
    allow: [...envRules("SWITCHYARD_NET_ALLOW"), ...parseList(setting.allow, "Settings → Network")],
    deny: [...envRules("SWITCHYARD_NET_DENY"), ...parseList(setting.deny, "Settings → Network")],
    scriptsMayReachPrivate: setting.scriptsMayReachPrivate,
    serverMayReachPrivate: setting.serverMayReachPrivate,
  };
}

/** The port the console listens on; connections to it on this machine are always refused. */
export function consolePort(): number {
  return Number(process.env.PORT) || 3000;
}

// Interface addresses change rarely (DHCP, a new container network); a few seconds' cache keeps
// the check cheap for every proxied request without missing such a change for long.
let interfaces: { at: number; list: IpAddress[] } | null = null;

function thisMachine(): IpAddress[] {
  if (interfaces && Date.now() - interfaces.at < 5_000) return interfaces.list;
  const out: IpAddress[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const i of list ?? []) {
      const ip = parseIpLiteral(i.address);
      if (ip) out.push(ip);
    }
  }
  interfaces = { at: Date.now(), list: out };
  return out;
}

const sameAddress = (a: IpAddress, b: IpAddress) => a.family === b.family && a.text === b.text;

/** Loopback, 0.0.0.0/::, or one of this machine's interface addresses (in any embedded form). */
function isThisMachine(ip: IpAddress): boolean {
  const forms = addressForms(ip);
  if (forms.some((f) => classify(f).kind === "loopback")) return true;
  const own = thisMachine();
  return forms.some((f) => own.some((o) => sameAddress(f, o)));
}

/** Lower case, no brackets, no trailing dot. */
export function normaliseHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  return h.replace(/\.+$/, "");
}

function ruleIp(rule: NetworkRule): IpAddress | null {
  return rule.kind === "host" ? parseIpLiteral(rule.host) : null;
}

function matchesName(rule: NetworkRule, host: string, port: number): boolean {
  if (rule.kind !== "host" || ruleIp(rule)) return false;
  if (rule.port !== null && rule.port !== port) return false;
  return rule.subdomains ? host.endsWith(`.${rule.host}`) : host === rule.host;
}

function matchesAddress(rule: NetworkRule, ip: IpAddress, port: number): boolean {
  const forms = addressForms(ip);
  if (rule.kind === "cidr") {
    const cidr = parseCidr(`${rule.address}/${rule.prefix}`);
    return forms.some((f) => inCidr(f, cidr));
  }
  const literal = ruleIp(rule);
  if (!literal || (rule.port !== null && rule.port !== port)) return false;
  return forms.some((f) => sameAddress(f, literal));
}

const matches = (rule: NetworkRule, host: string, ip: IpAddress | null, port: number) => matchesName(rule, host, port) || (ip !== null && matchesAddress(rule, ip, port));

function restrictRules(list: string[]): NetworkRule[] {
  return list.map((t) => parseNetworkRule(t)).filter((r): r is NetworkRule => typeof r !== "string");
}

/** Why this address may not be dialled for `host`, or null when it may. */
function refusal(host: string, ip: IpAddress, port: number, context: NetContext, rules: Rules, restrictTo?: NetworkRule[]): string | null {
  const cls = classify(ip);
  if (cls.kind === "always") return `${cls.reason}; always refused`;
  if (port === consolePort() && isThisMachine(ip)) return "the console's own address and port; always refused";
  const deny = rules.deny.find((r) => matches(r, host, ip, port));
  if (deny) return `deny rule ${deny.text} from ${deny.source}`;
  if (restrictTo) {
    return restrictTo.some((r) => matches(r, host, ip, port)) ? null : `only ${restrictTo.map((r) => r.text).join(", ")} may be reached from here`;
  }
  if (rules.allow.some((r) => matches(r, host, ip, port))) return null;
  const local = cls.kind === "loopback" || cls.kind === "private" ? cls.reason : isThisMachine(ip) ? "this machine's own address" : null;
  if (!local) return null;
  if (context === "script" && !rules.scriptsMayReachPrivate) return `${local}; scripts may not reach loopback or private addresses unless an admin allows them (Settings → Network)`;
  if (context === "server" && !rules.serverMayReachPrivate) return `${local}; the server may not reach loopback or private addresses (Settings → Network)`;
  return null;
}

/** Refusals that need no address: bad ports, metadata names, deny rules naming the host. */
function nameRefusal(host: string, port: number, rules: Rules): string | null {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return "the port must be 1 to 65535";
  if (!host) return "no host given";
  if (isMetadataName(host)) return "cloud metadata host name; always refused";
  const deny = rules.deny.find((r) => matchesName(r, host, port));
  return deny ? `deny rule ${deny.text} from ${deny.source}` : null;
}

async function resolveAll(host: string, signal?: AbortSignal): Promise<IpAddress[]> {
  const lookup = dns.promises.lookup(host, { all: true, verbatim: true });
  const answers = signal
    ? await Promise.race([
        lookup,
        new Promise<never>((_, reject) => {
          if (signal.aborted) reject(signal.reason);
          signal.addEventListener("abort", () => reject(signal.reason), { once: true });
        }),
      ])
    : await lookup;
  const out: IpAddress[] = [];
  for (const a of answers) {
    const ip = parseIpLiteral(a.address);
    // An answer we cannot read is not dialled.
    if (!ip) throw new DestinationNotAllowedError(host, a.address, 0, "the resolver returned an address that cannot be checked");
    out.push(ip);
  }
  if (!out.length) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND", hostname: host });
  return out;
}

/**
 * Resolves `host` once, checks every address against the policy, and returns the address to
 * dial. Throws DestinationNotAllowedError (before any connection attempt) when one is refused,
 * or the resolver's error (ENOTFOUND…) when the name does not resolve.
 */
export async function checkDestination(host: string, port: number, context: NetContext, options: CheckOptions = {}): Promise<CheckedDestination> {
  const name = normaliseHost(host);
  const rules = await currentRules();
  const restrictTo = options.restrictTo ? restrictRules(options.restrictTo) : undefined;
  const early = nameRefusal(name, port, rules);
  if (early) throw new DestinationNotAllowedError(name, parseIpLiteral(name)?.text ?? name, port, early);
  const literal = parseIpLiteral(name);
  const addresses = literal ? [literal] : await resolveAll(name, options.signal);
  for (const ip of addresses) {
    const why = refusal(name, ip, port, context, rules, restrictTo);
    if (why) throw new DestinationNotAllowedError(name, ip.text, port, why);
  }
  const chosen = addresses[0];
  return { host: name, address: chosen.family === 4 ? formatIPv4(chosen.value) : formatIPv6(chosen.bytes), family: chosen.family };
}

/**
 * A destination that another machine dials for us (the database behind an SSH tunnel): we cannot
 * resolve it as that machine will, so it is checked by name and literal only, against the
 * always-refused list and the deny rules. `viaThisMachine` says the relay is this machine, so its
 * loopback is ours and the console's own port is refused there too.
 */
export async function checkRelayedDestination(host: string, port: number, options: { viaThisMachine: boolean }): Promise<void> {
  const name = normaliseHost(host);
  const rules = await currentRules();
  const early = nameRefusal(name, port, rules);
  const literal = parseIpLiteral(name);
  if (early) throw new DestinationNotAllowedError(name, literal?.text ?? name, port, early);
  if (!literal) return;
  const cls = classify(literal);
  let why: string | null = cls.kind === "always" ? `${cls.reason}; always refused` : null;
  if (!why && options.viaThisMachine && port === consolePort() && isThisMachine(literal)) why = "the console's own address and port; always refused";
  const deny = why ? undefined : rules.deny.find((r) => matchesAddress(r, literal, port));
  if (deny) why = `deny rule ${deny.text} from ${deny.source}`;
  if (why) throw new DestinationNotAllowedError(name, literal.text, port, why);
}

/** Whether a checked address is this machine (loopback or one of its interfaces). */
export function isThisMachineAddress(address: string): boolean {
  const ip = parseIpLiteral(address);
  return ip ? isThisMachine(ip) : false;
}
