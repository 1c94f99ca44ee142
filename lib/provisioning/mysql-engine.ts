import "server-only";
import mysql from "mysql2/promise";
import { dialFor } from "@/lib/drivers/dial";
import { classify } from "@/lib/drivers/errors";
import type { ServerTarget } from "./config";
import type { Engine, SandboxNames } from "./engine";

const CONNECT_TIMEOUT_MS = 5_000;
const ident = (s: string) => `\`${s.replace(/`/g, "``")}\``;

// The administrative connection to a MySQL or MariaDB server, dialled through the outbound policy
// like every database connection of the server (lib/drivers/dial.ts).
async function withAdmin<T>(server: ServerTarget, work: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const what = `MySQL ${server.host}:${server.port}`;
  const dial = await dialFor(server.host, server.port, what);
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection({ host: dial.host, port: dial.port, user: server.user, password: server.password, connectTimeout: CONNECT_TIMEOUT_MS });
  } catch (e) {
    throw classify(e, what, "connect");
  }
  conn.on("error", () => {});
  try {
    return await work(conn);
  } catch (e) {
    throw classify(e, "MySQL");
  } finally {
    await conn.end().catch(() => {});
  }
}

async function killAll(conn: mysql.Connection, user: string): Promise<number> {
  const [rows] = await conn.query("SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ? AND ID <> CONNECTION_ID()", [user]);
  let killed = 0;
  for (const { id } of rows as { id: number }[]) {
    // A session may end between the list and the kill.
    await conn.query(`KILL CONNECTION ${Number(id)}`).then(() => killed++, () => {});
  }
  return killed;
}

export function mysqlEngine(server: ServerTarget): Engine {
  return {
    create: (names: SandboxNames, password: string) =>
      withAdmin(server, async (conn) => {
        await conn.query(`CREATE DATABASE IF NOT EXISTS ${ident(names.db)}`);
        await conn.query("CREATE USER ?@'%' IDENTIFIED BY ?", [names.user, password]);
        await conn.query(`GRANT ALL PRIVILEGES ON ${ident(names.db)}.* TO ?@'%'`, [names.user]);
      }),
    sessions: (users: string[]) =>
      withAdmin(server, async (conn) => {
        const counts = new Map<string, number>();
        if (!users.length) return counts;
        const [rows] = await conn.query("SELECT USER AS u, COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER IN (?) GROUP BY USER", [users]);
        for (const r of rows as { u: string; n: number }[]) counts.set(r.u, Number(r.n));
        return counts;
      }),
    kill: (user: string) => withAdmin(server, (conn) => killAll(conn, user)),
    drop: (names: SandboxNames) =>
      withAdmin(server, async (conn) => {
        await conn.query("DROP USER IF EXISTS ?@'%'", [names.user]);
        await killAll(conn, names.user);
        await conn.query(`DROP DATABASE IF EXISTS ${ident(names.db)}`);
      }),
  };
}
