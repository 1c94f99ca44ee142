import "server-only";
import net from "node:net";
import { Client } from "ssh2";
import { withTimeout } from "./errors";
import { DriverError, type SshSettings } from "./types";

export type Tunnel = { host: string; port: number; close: () => void };

/** A local port that forwards through an SSH server to dstHost:dstPort, as `ssh -L` does. */
export async function openTunnel(ssh: SshSettings, dstHost: string, dstPort: number, timeoutMs = 8000): Promise<Tunnel> {
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
                : e.message;
        reject(new DriverError("ssh_failed", `SSH to ${ssh.host}:${ssh.port} failed: ${why}`));
      });
      try {
        client.connect({
          host: ssh.host,
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
