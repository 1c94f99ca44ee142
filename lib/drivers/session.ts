import "server-only";
import { withTimeout } from "./errors";
import { openMysql } from "./mysql";
import { openPostgres } from "./postgres";
import { openSqlite } from "./sqlite";
import { openTunnel, type Tunnel } from "./ssh-tunnel";
import { AVAILABLE_DIALECTS, DriverError, type DbSession, type DbTarget, type SshSettings } from "./types";

export const CONNECT_TIMEOUT_MS = 5_000;

/** Opens a session on a database, through an SSH tunnel when one is given. Close it when done. */
export async function openSession(target: DbTarget, ssh?: SshSettings | null, timeoutMs = CONNECT_TIMEOUT_MS): Promise<DbSession> {
  if (!AVAILABLE_DIALECTS.includes(target.dialect)) {
    throw new DriverError("driver_unavailable", `The ${target.dialect} driver is not available in this installation, so this connection cannot be tested or scanned here`);
  }
  if (target.dialect === "sqlite") {
    if (ssh) throw new DriverError("not_allowed", "SSH tunnels apply to PostgreSQL and MySQL, not to SQLite files");
    return openSqlite(target.file ?? "");
  }
  let tunnel: Tunnel | undefined;
  if (ssh) tunnel = await openTunnel(ssh, target.host ?? "127.0.0.1", target.port ?? (target.dialect === "mysql" ? 3306 : 5432), timeoutMs);
  try {
    const open = target.dialect === "postgresql" ? openPostgres : openMysql;
    // Without a tunnel the driver checks the database host with the outbound policy itself.
    const session = await withTimeout(open(target, timeoutMs, { tunnel: tunnel ? { host: tunnel.host, port: tunnel.port } : null }), timeoutMs + 1000, `${target.dialect} ${target.host}`);
    return { ...session, close: async () => { await session.close(); tunnel?.close(); } };
  } catch (e) {
    tunnel?.close();
    throw e;
  }
}

/** Connects, lists the default schema's tables, and disconnects: what "Test" does. */
export async function testTarget(target: DbTarget, ssh?: SshSettings | null) {
  const session = await openSession(target, ssh);
  try {
    return await session.listTables();
  } finally {
    await session.close();
  }
}
