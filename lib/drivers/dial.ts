import "server-only";
import net from "node:net";
import { checkDestination } from "@/lib/net/policy";
import { classify } from "./errors";

export type DialOptions = {
  // The session goes through our own SSH tunnel listener; `host` is the database as the SSH
  // server sees it (already checked by openTunnel), used only for the TLS server name.
  tunnel?: { host: string; port: number } | null;
};

export type Dial = { host: string; port: number; servername: string | undefined };

/**
 * Where a driver connects: the address the outbound policy checked for the database host (never
 * the name again), and the name TLS must verify. Refusals become DriverError("destination_not_allowed").
 */
export async function dialFor(host: string | undefined, port: number, what: string, options: DialOptions = {}): Promise<Dial> {
  const name = host || "localhost";
  const servername = (n: string) => (net.isIP(n.replace(/^\[|\]$/g, "")) ? undefined : n);
  if (options.tunnel) return { host: options.tunnel.host, port: options.tunnel.port, servername: servername(name) };
  try {
    const checked = await checkDestination(name, port, "server");
    return { host: checked.address, port, servername: servername(checked.host) };
  } catch (e) {
    throw classify(e, what, "connect");
  }
}
