import dns from "node:dns";
import os from "node:os";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { formatIPv6, parseIPv4Loose, parseIpLiteral } from "./addresses";
import { checkDestination, checkRelayedDestination, DestinationNotAllowedError, type NetContext } from "./policy";
import { parseNetworkRule } from "./rule-syntax";

// The policy decides before any connection: these tests never open a socket. DNS answers and the
// machine's interfaces are replaced so each case says exactly what the resolver would return.

const rules = { allow: [] as string[], deny: [] as string[], scriptsMayReachPrivate: false, serverMayReachPrivate: true };
vi.mock("@/lib/settings/service", () => ({ getSetting: () => rules }));

type Answer = { address: string; family: 4 | 6 };
let answers: Record<string, Answer[]> = {};
const lookup = vi.spyOn(dns.promises, "lookup").mockImplementation((async (host: string) => {
  const a = answers[host];
  if (!a) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return a;
}) as never);
vi.spyOn(os, "networkInterfaces").mockImplementation(() => ({
  lo: [{ address: "127.0.0.1", family: "IPv4", internal: true, netmask: "255.0.0.0", mac: "00:00:00:00:00:00", cidr: "127.0.0.1/8" }],
  eth0: [{ address: "192.0.2.77", family: "IPv4", internal: false, netmask: "255.255.255.0", mac: "02:00:00:00:00:01", cidr: "192.0.2.77/24" }],
}));

beforeEach(() => {
  Object.assign(rules, { allow: [], deny: [], scriptsMayReachPrivate: false, serverMayReachPrivate: true });
  answers = {};
  lookup.mockClear();
  vi.stubEnv("PORT", "4321");
  vi.stubEnv("SWITCHYARD_NET_ALLOW", "");
  vi.stubEnv("SWITCHYARD_NET_DENY", "");
});
afterEach(() => vi.unstubAllEnvs());

async function refusal(host: string, port: number, context: NetContext): Promise<DestinationNotAllowedError> {
  try {
    const got = await checkDestination(host, port, context);
    throw new Error(`${host}:${port} (${context}) was allowed: ${JSON.stringify(got)}`);
  } catch (e) {
    if (!(e instanceof DestinationNotAllowedError)) throw e;
    expect(e.code).toBe("destination_not_allowed");
    return e;
  }
}

const METADATA_FORMS = [
  "169.254.169.254",
  "169.254.169.254.",
  "2852039166",
  "0xa9fea9fe",
  "0XA9FEA9FE",
  "0251.0376.0251.0376",
  "0xa9.0xfe.0xa9.0xfe",
  "169.254.43518",
  "169.16689662",
  "0251.0xfe.43518",
  "[::ffff:169.254.169.254]",
  "::ffff:169.254.169.254",
  "[::ffff:a9fe:a9fe]",
  "[0:0:0:0:0:ffff:a9fe:a9fe]",
  "::ffff:0:a9fe:a9fe",
  "[::a9fe:a9fe]",
  "::169.254.169.254",
  "64:ff9b::a9fe:a9fe",
  "[64:ff9b::169.254.169.254]",
  "64:ff9b:1::a9fe:a9fe",
  "2002:a9fe:a9fe::1",
];

describe("always refused, whatever the rules and the context", () => {
  beforeEach(() => {
    // Rules that would let anything else through.
    Object.assign(rules, { allow: ["0.0.0.0/0", "::/0", "169.254.169.254", "metadata.google.internal"], scriptsMayReachPrivate: true });
  });

  for (const context of ["script", "server"] as const) {
    it.each(METADATA_FORMS)(`169.254.169.254 written as %s (${context})`, async (host) => {
      const e = await refusal(host, 80, context);
      expect(e.rule).toBe("cloud metadata / link-local address; always refused");
      expect(e.port).toBe(80);
      expect(e.message).toContain(":80");
      expect(e.message).toContain("always refused");
      expect(lookup).not.toHaveBeenCalled();
    });
  }

  it("names the address and port in the message", async () => {
    const e = await refusal("169.254.169.254", 80, "server");
    expect(e.address).toBe("169.254.169.254");
    expect(e.message).toBe("Connections to 169.254.169.254:80 are not allowed (cloud metadata / link-local address; always refused)");
    expect((await refusal("2852039166", 80, "server")).message).toBe(
      "Connections to 169.254.169.254:80 (2852039166) are not allowed (cloud metadata / link-local address; always refused)",
    );
  });

  it.each(["fd00:ec2::254", "[fd00:ec2::254]", "FD00:EC2:0:0:0:0:0:254", "fe80::1", "fe80::1%eth0", "[fe80::1%25eth0]", "FE80::A:B", "169.254.0.1", "100.100.100.200", "168.63.129.16"])(
    "the metadata and link-local address %s",
    async (host) => {
      for (const context of ["script", "server"] as const) expect((await refusal(host, 80, context)).rule).toContain("always refused");
    },
  );

  it.each(["224.0.0.1", "239.255.255.250", "ff02::1", "255.255.255.255", "240.0.0.1", "0.1.2.3", "::2"])("multicast, broadcast and unspecified addresses: %s", async (host) => {
    expect((await refusal(host, 80, "server")).rule).toMatch(/multicast|broadcast|unspecified/);
  });

  it.each(["metadata.google.internal", "METADATA.GOOGLE.INTERNAL.", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal", "computemetadata.metadata.google.internal"])(
    "the metadata name %s, before any lookup",
    async (host) => {
      answers[host.toLowerCase().replace(/\.$/, "")] = [{ address: "93.184.216.34", family: 4 }];
      expect((await refusal(host, 80, "server")).rule).toBe("cloud metadata host name; always refused");
      expect(lookup).not.toHaveBeenCalled();
    },
  );

  it("a name any of whose addresses is refused", async () => {
    answers["meta.example.test"] = [
      { address: "93.184.216.34", family: 4 },
      { address: "169.254.169.254", family: 4 },
    ];
    answers["meta6.example.test"] = [{ address: "::ffff:169.254.169.254", family: 6 }];
    const e = await refusal("meta.example.test", 80, "server");
    expect(e.address).toBe("169.254.169.254");
    expect(e.message).toContain("169.254.169.254:80 (meta.example.test)");
    expect((await refusal("meta6.example.test", 443, "script")).rule).toContain("always refused");
  });

  it("an allow rule does not beat it", async () => {
    rules.allow = ["169.254.169.254/32", "169.254.169.254:80", "fd00:ec2::254"];
    await refusal("169.254.169.254", 80, "server");
    await refusal("fd00:ec2::254", 80, "server");
  });
});

describe("the console's own port", () => {
  it.each(["127.0.0.1", "127.0.0.2", "0.0.0.0", "::", "::1", "[::1]", "::ffff:127.0.0.1", "2130706433", "192.0.2.77", "::ffff:192.0.2.77", "localhost"])(
    "%s:PORT is refused even when loopback is allowed",
    async (host) => {
      answers.localhost = [{ address: "127.0.0.1", family: 4 }];
      Object.assign(rules, { allow: ["127.0.0.0/8", "localhost", "192.0.2.77"], scriptsMayReachPrivate: true });
      for (const context of ["script", "server"] as const) expect((await refusal(host, 4321, context)).rule).toBe("the console's own address and port; always refused");
    },
  );

  it("is 3000 without PORT; other ports of this machine follow the private default", async () => {
    vi.stubEnv("PORT", "");
    await refusal("127.0.0.1", 3000, "server");
    await expect(checkDestination("127.0.0.1", 4321, "server")).resolves.toMatchObject({ address: "127.0.0.1", family: 4 });
    await expect(checkDestination("192.0.2.77", 4322, "server")).resolves.toMatchObject({ address: "192.0.2.77" });
    expect((await refusal("192.0.2.77", 4322, "script")).rule).toContain("scripts may not reach");
  });

  it("another machine's port with the same number is fine", async () => {
    await expect(checkDestination("93.184.216.34", 4321, "script")).resolves.toMatchObject({ address: "93.184.216.34" });
  });
});

describe("loopback and private ranges follow the context", () => {
  const LOCAL = ["127.0.0.1", "127.1", "0x7f000001", "::1", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "fc00::1", "fd12:3456::1", "::ffff:10.0.0.1", "192.0.2.77"];

  it.each(LOCAL)("%s: refused for scripts, allowed for the server by default", async (host) => {
    expect((await refusal(host, 5432, "script")).rule).toContain("scripts may not reach loopback or private addresses");
    await expect(checkDestination(host, 5432, "server")).resolves.toHaveProperty("address");
  });

  it("serverMayReachPrivate: false refuses them for the server", async () => {
    rules.serverMayReachPrivate = false;
    expect((await refusal("10.1.2.3", 5432, "server")).rule).toContain("the server may not reach");
    expect((await refusal("127.0.0.1", 5432, "server")).rule).toContain("loopback address");
  });

  it("scriptsMayReachPrivate: true lets scripts reach them", async () => {
    rules.scriptsMayReachPrivate = true;
    await expect(checkDestination("10.1.2.3", 443, "script")).resolves.toMatchObject({ address: "10.1.2.3", family: 4 });
  });

  it("public addresses are allowed in both contexts", async () => {
    answers["api.example.com"] = [{ address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 }];
    await expect(checkDestination("93.184.216.34", 443, "script")).resolves.toEqual({ host: "93.184.216.34", address: "93.184.216.34", family: 4 });
    await expect(checkDestination("API.Example.com.", 443, "script")).resolves.toEqual({ host: "api.example.com", address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 });
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it("a name that resolves to a private address is refused for scripts", async () => {
    answers["db.corp.test"] = [{ address: "10.9.8.7", family: 4 }];
    expect((await refusal("db.corp.test", 5432, "script")).address).toBe("10.9.8.7");
  });
});

describe("allow and deny rules", () => {
  it("deny beats allow, and allow beats the private default", async () => {
    Object.assign(rules, { allow: ["127.0.0.0/8"], deny: ["127.0.0.3/32"] });
    await expect(checkDestination("127.0.0.2", 8080, "script")).resolves.toMatchObject({ address: "127.0.0.2" });
    const e = await refusal("127.0.0.3", 8080, "script");
    expect(e.rule).toBe("deny rule 127.0.0.3/32 from Settings → Network");
    expect((await refusal("::ffff:127.0.0.3", 8080, "server")).rule).toContain("deny rule 127.0.0.3/32");
    expect((await refusal("127.0.0.3", 8080, "server")).rule).toContain("deny rule");
  });

  it("reads SWITCHYARD_NET_ALLOW and SWITCHYARD_NET_DENY (comma or space separated) with the setting", async () => {
    vi.stubEnv("SWITCHYARD_NET_ALLOW", "10.0.0.0/8, db.corp.test:5432");
    vi.stubEnv("SWITCHYARD_NET_DENY", "10.6.6.6 93.184.216.0/24");
    rules.deny = ["blocked.example.com"];
    answers["db.corp.test"] = [{ address: "10.1.1.1", family: 4 }];
    answers["blocked.example.com"] = [{ address: "93.184.215.1", family: 4 }];
    await expect(checkDestination("10.2.3.4", 22, "script")).resolves.toMatchObject({ address: "10.2.3.4" });
    await expect(checkDestination("db.corp.test", 5432, "script")).resolves.toMatchObject({ address: "10.1.1.1" });
    expect((await refusal("10.6.6.6", 22, "script")).rule).toBe("deny rule 10.6.6.6 from SWITCHYARD_NET_DENY");
    expect((await refusal("93.184.216.34", 443, "server")).rule).toContain("93.184.216.0/24");
    expect((await refusal("blocked.example.com", 443, "server")).rule).toContain("blocked.example.com");
    // A host rule is decided on the name, before the lookup.
    expect(lookup).not.toHaveBeenCalledWith("blocked.example.com", expect.anything());
  });

  it("host rules match the name asked for, with their port; CIDR rules match resolved addresses", async () => {
    rules.allow = ["db.corp.test:5432"];
    answers["db.corp.test"] = [{ address: "10.1.1.1", family: 4 }];
    answers["alias.corp.test"] = [{ address: "10.1.1.1", family: 4 }];
    await expect(checkDestination("db.corp.test", 5432, "script")).resolves.toMatchObject({ address: "10.1.1.1" });
    await refusal("db.corp.test", 5433, "script");
    await refusal("alias.corp.test", 5432, "script");
    rules.allow = ["10.1.1.0/24"];
    await expect(checkDestination("alias.corp.test", 1, "script")).resolves.toMatchObject({ address: "10.1.1.1" });
  });

  it("address:port and *.domain rules", async () => {
    rules.allow = ["127.0.0.1:8080", "[fd00::5]:443", "*.corp.test"];
    answers["a.b.corp.test"] = [{ address: "10.0.0.9", family: 4 }];
    answers["corp.test"] = [{ address: "10.0.0.9", family: 4 }];
    await expect(checkDestination("127.0.0.1", 8080, "script")).resolves.toMatchObject({ address: "127.0.0.1" });
    await refusal("127.0.0.1", 8081, "script");
    await expect(checkDestination("[fd00::5]", 443, "script")).resolves.toMatchObject({ address: "fd00::5", family: 6 });
    await expect(checkDestination("a.b.corp.test", 443, "script")).resolves.toMatchObject({ address: "10.0.0.9" });
    await refusal("corp.test", 443, "script");
    rules.deny = ["*.corp.test:443"];
    await refusal("a.b.corp.test", 443, "server");
  });

  it("restrictTo allows only the listed destinations, never the always-refused ones", async () => {
    answers["pypi.org"] = [{ address: "151.101.0.223", family: 4 }];
    answers["example.com"] = [{ address: "93.184.216.34", family: 4 }];
    const only = (host: string, port: number, restrictTo: string[]) => checkDestination(host, port, "script", { restrictTo });
    await expect(only("pypi.org", 443, ["pypi.org", "files.pythonhosted.org"])).resolves.toMatchObject({ address: "151.101.0.223" });
    await expect(only("example.com", 443, ["pypi.org"])).rejects.toMatchObject({ code: "destination_not_allowed", rule: "only pypi.org may be reached from here" });
    // A local package index is allowed by naming it, though scripts may not reach loopback otherwise.
    await expect(only("127.0.0.1", 3141, ["127.0.0.1:3141"])).resolves.toMatchObject({ address: "127.0.0.1" });
    await expect(only("169.254.169.254", 80, ["169.254.169.254", "169.254.169.254:80"])).rejects.toMatchObject({ rule: expect.stringContaining("always refused") });
    rules.deny = ["pypi.org"];
    await expect(only("pypi.org", 443, ["pypi.org"])).rejects.toMatchObject({ rule: expect.stringContaining("deny rule") });
  });
});

describe("inputs", () => {
  it("bad ports are refused; unknown names keep the resolver's error", async () => {
    await expect(checkDestination("93.184.216.34", 0, "server")).rejects.toMatchObject({ code: "destination_not_allowed" });
    await expect(checkDestination("93.184.216.34", 70000, "server")).rejects.toMatchObject({ code: "destination_not_allowed" });
    await expect(checkDestination("no-such-host.invalid", 80, "server")).rejects.toMatchObject({ code: "ENOTFOUND" });
  });

  it("parses every IPv4 notation as inet_aton does", () => {
    expect(parseIPv4Loose("2852039166")).toBe(0xa9fea9fe);
    expect(parseIPv4Loose("0251.0376.0251.0376")).toBe(0xa9fea9fe);
    expect(parseIPv4Loose("169.254.43518")).toBe(0xa9fea9fe);
    expect(parseIPv4Loose("169.16689662")).toBe(0xa9fea9fe);
    expect(parseIPv4Loose("0")).toBe(0);
    for (const bad of ["08", "1.2.3.4.5", "256.1.1.1", "1.2.65536", "4294967296", "0x", "a.b.c.d", "1..2", ""]) expect(parseIPv4Loose(bad), bad).toBeNull();
    expect(parseIpLiteral("[::FFFF:169.254.169.254]")?.text).toBe("::ffff:a9fe:a9fe");
    expect(parseIpLiteral("db.example.com")).toBeNull();
    expect(formatIPv6(parseIpLiteral("2001:db8:0:0:1:0:0:1")!.family === 6 ? (parseIpLiteral("2001:db8:0:0:1:0:0:1") as { bytes: Uint8Array }).bytes : new Uint8Array(16))).toBe("2001:db8::1:0:0:1");
  });

  it("parses rules, including *.domain", () => {
    expect(parseNetworkRule("*.corp.test:443")).toMatchObject({ kind: "host", host: "corp.test", port: 443, subdomains: true });
    expect(typeof parseNetworkRule("*.")).toBe("string");
    expect(typeof parseNetworkRule("a.*.b")).toBe("string");
  });
});

describe("destinations relayed by another machine (behind an SSH tunnel)", () => {
  it("are checked by name and literal against the always-refused list and the deny rules", async () => {
    for (const host of ["169.254.169.254", "2852039166", "[::ffff:a9fe:a9fe]", "fd00:ec2::254", "metadata.google.internal"]) {
      await expect(checkRelayedDestination(host, 5432, { viaThisMachine: false }), host).rejects.toThrow(DestinationNotAllowedError);
    }
    rules.deny = ["10.0.0.0/8", "secret-db.corp.test"];
    await expect(checkRelayedDestination("10.1.1.1", 5432, { viaThisMachine: false })).rejects.toThrow(/deny rule 10.0.0.0\/8/);
    await expect(checkRelayedDestination("secret-db.corp.test", 5432, { viaThisMachine: false })).rejects.toThrow(/deny rule/);
    // Names are the relay's to resolve; private addresses are the relay's network.
    await expect(checkRelayedDestination("db.corp.test", 5432, { viaThisMachine: false })).resolves.toBeUndefined();
    await expect(checkRelayedDestination("127.0.0.1", 4321, { viaThisMachine: false })).resolves.toBeUndefined();
    await expect(checkRelayedDestination("127.0.0.1", 4321, { viaThisMachine: true })).rejects.toThrow(/console's own/);
    expect(lookup).not.toHaveBeenCalled();
  });
});
