import "server-only";
import net from "node:net";
import { Client } from "ssh2";
import { checkDestination, checkRelayedDestination, isDestinationNotAllowed, isThisMachineAddress } from "@/lib/net/policy";
import { withTimeout } from "./errors";
import { DriverError, type SshSettings } from "./types";

export type Tunnel = { host: string; port: number; close: () => void };

/**
 * Both ends go through the outbound policy before anything is dialled: the SSH server by its
 * checked address, the database (which the SSH server dials) by name and literal.
 */
async function checkedEnds(ssh: SshSettings, dstHost: string, dstPort: number): Promise<string> {
  let address: string;
  try {
    address = (await checkDestination(ssh.host, ssh.port, "server")).address;
  } catch (e) {
    if (isDestinationNotAllowed(e)) throw new DriverError("destination_not_allowed", `SSH server: ${(e as Error).message}`, "ssh");
    const code = (e as { code?: string }).code;
    throw new DriverError("ssh_failed", `SSH to ${ssh.host}:${ssh.port} failed: ${code === "ENOTFOUND" || code === "EAI_AGAIN" ? "host not found" : "the host cannot be resolved"}`, "ssh");
  }
  try {
    await checkRelayedDestination(dstHost, dstPort, { viaThisMachine: isThisMachineAddress(address) });
  } catch (e) {
    throw new DriverError("destination_not_allowed", `Database behind the SSH tunnel: ${(e as Error).message}`);
  }
  return address;
}

/** A local port that forwards through an SSH server to dstHost:dstPort, as `ssh -L` does. */
export async function openTunnel(ssh: SshSettings, dstHost: string, dstPort: number, timeoutMs = 8000): Promise<Tunnel> {
  const sshAddress = await checkedEnds(ssh, dstHost, dstPort);
  const client = new Client();
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      client.once("ready", () => resolve());
      client.once("error", (e: Error & { level?: string; code?: string }) => {
        const why =
          e.level === "client-authentication"
            ? "authentication failed"
            : e.code === "ECONNREFUSED"
              ? "connection refused"
              : e.code === "ENOTFOUND"
                ? "host not found"
                : e.code === "ETIMEDOUT" || /timed out/i.test(e.message)
                  ? "no answer in time"
                  : // ssh2's own words for handshake failures; never the bytes the far end sent.
                    e.level === "protocol" || e.level === "handshake"
                    ? "the server did not answer as an SSH server does"
                    : `the connection failed (${e.code ?? e.level ?? "unknown reason"})`;
        reject(new DriverError("ssh_failed", `SSH to ${ssh.host}:${ssh.port} failed: ${why}`));
      });
      try {
        client.connect({
          // The checked address, never the name again.
          host: sshAddress,
          port: ssh.port,
          username: ssh.username,
          password: ssh.password || undefined,
          privateKey: ssh.privateKey || undefined,
          passphrase: ssh.privateKeyPassword || undefined,
          readyTimeout: timeoutMs,
          keepaliveInterval: 10_000,
        });
      } catch (e) {
        // ssh2 throws synchronously for an unreadable key or a wrong passphrase.
        reject(new DriverError("ssh_failed", `SSH key problem: ${(e as Error).message}`));
      }
    }),
    timeoutMs + 1000,
    `SSH to ${ssh.host}:${ssh.port}`,
  ).catch((e) => {
    client.end();
    throw e;
  });
  const server = net.createServer((socket) => {
    client.forwardOut(socket.remoteAddress ?? "127.0.0.1", socket.remotePort ?? 0, dstHost, dstPort, (err, stream) => {
      if (err) return socket.destroy(err);
      socket.pipe(stream).pipe(socket);
      stream.on("error", () => socket.destroy());
      socket.on("error", () => stream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: "127.0.0.1",
    port,
    close: () => {
      server.close();
      client.end();
    },
  };
}
