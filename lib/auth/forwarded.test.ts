import { describe, expect, it } from "vitest";
import { clientAddress, isTrustedProxy, parseTrustedProxies, PEER_HEADER, requestOrigin } from "./forwarded";

const none = parseTrustedProxies(undefined);
const loopback = parseTrustedProxies("127.0.0.1/8, ::1");
const proxies = parseTrustedProxies("10.0.0.0/8,192.0.2.10,fd00::/8");

const h = (peer: string, xff?: string) => new Headers({ [PEER_HEADER]: peer, ...(xff ? { "x-forwarded-for": xff } : {}) });

describe("clientIp with trusted and untrusted proxies", () => {
  it("ignores a client's own X-Forwarded-For when no proxy is trusted", () => {
    expect(clientAddress(h("203.0.113.5", "198.51.100.1"), none)).toEqual({ ip: "203.0.113.5", viaTrustedOnly: false });
    // What `next start` writes when the client sent none: the socket's address.
    expect(clientAddress(h("::ffff:203.0.113.5", "::ffff:203.0.113.5"), none).ip).toBe("203.0.113.5");
  });

  it("takes the rightmost address that is not a trusted proxy", () => {
    expect(clientAddress(h("10.1.2.3", "198.51.100.66, 203.0.113.9, 192.0.2.10"), proxies).ip).toBe("203.0.113.9");
    expect(clientAddress(h("10.1.2.3", "203.0.113.9"), proxies).ip).toBe("203.0.113.9");
    // A forwarded chain from an untrusted peer is not believed at all.
    expect(clientAddress(h("203.0.113.50", "198.51.100.1, 10.0.0.1"), proxies).ip).toBe("203.0.113.50");
    expect(clientAddress(h("fd00::1", "2001:db8::7"), proxies).ip).toBe("2001:db8::7");
  });

  it("marks a request whose whole chain is trusted proxies", () => {
    expect(clientAddress(h("127.0.0.1", "127.0.0.1"), loopback)).toEqual({ ip: "127.0.0.1", viaTrustedOnly: true });
    expect(clientAddress(h("::1"), loopback)).toEqual({ ip: "::1", viaTrustedOnly: true });
    expect(clientAddress(h("127.0.0.1", "198.51.100.4"), loopback)).toEqual({ ip: "198.51.100.4", viaTrustedOnly: false });
  });

  it("records garbage forwarded entries as unknown, and parses CIDRs strictly", () => {
    expect(clientAddress(h("10.0.0.1", "not-an-ip"), proxies).ip).toBeNull();
    expect(isTrustedProxy("10.255.255.255", proxies)).toBe(true);
    expect(isTrustedProxy("11.0.0.0", proxies)).toBe(false);
    expect(isTrustedProxy("::ffff:127.0.0.2", loopback)).toBe(true);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseTrustedProxies("proxy.local")).toThrow(/TRUSTED_PROXIES/);
  });
});

describe("requestOrigin", () => {
  it("uses X-Forwarded-Host only from a trusted proxy", () => {
    process.env.TRUSTED_PROXIES = "10.0.0.0/8";
    const headers = (peer: string) =>
      new Headers({ [PEER_HEADER]: peer, host: "console.internal:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    expect(requestOrigin(headers("203.0.113.1"), "http://console.internal:3000")).toBe("http://console.internal:3000");
    expect(requestOrigin(headers("10.0.0.2"), "http://console.internal:3000")).toBe("https://evil.example");
    delete process.env.TRUSTED_PROXIES;
  });
});
