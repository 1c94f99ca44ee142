import "server-only";
import pg from "pg";
import { dialFor } from "@/lib/drivers/dial";
import { classify } from "@/lib/drivers/errors";
import type { ServerTarget } from "./config";
import type { Engine, SandboxNames } from "./engine";

// The administrative connection to a Redshift cluster, which speaks the PostgreSQL protocol (tested
// against PostgreSQL). A workspace is a schema owned by a login role whose search_path is that schema.

const CONNECT_TIMEOUT_MS = 5_000;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function withAdmin<T>(server: ServerTarget, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const what = `PostgreSQL ${server.host}:${server.port}`;
  const dial = await dialFor(server.host, server.port, what);
  const client = new pg.Client({ host: dial.host, port: dial.port, user: server.user, password: server.password, database: server.database, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: "switchyard-provisioning" });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw classify(e, what, "connect");
  }
  try {
    return await work(client);
  } catch (e) {
    throw classify(e, "PostgreSQL");
  } finally {
    await client.end().catch(() => {});
  }
}

const terminate = async (client: pg.Client, user: string) =>
  (await client.query("SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()", [user])).rowCount ?? 0;

export function postgresEngine(server: ServerTarget): Engine {
  return {
    create: (names: SandboxNames, password: string) =>
      withAdmin(server, async (client) => {
        // DDL takes no bind parameters; the names and the password are ours (lowercase letters,
        // digits, underscores; base64url), quoted all the same.
        await client.query(`CREATE ROLE ${ident(names.user)} LOGIN PASSWORD ${literal(password)}`);
        await client.query(`CREATE SCHEMA ${ident(names.schema)} AUTHORIZATION ${ident(names.user)}`);
        await client.query(`ALTER ROLE ${ident(names.user)} SET search_path = ${ident(names.schema)}`);
        await client.query(`REVOKE ALL ON SCHEMA public FROM ${ident(names.user)}`);
      }),
    sessions: (users: string[]) =>
      withAdmin(server, async (client) => {
        const counts = new Map<string, number>();
        if (!users.length) return counts;
        const { rows } = await client.query<{ u: string; n: string }>("SELECT usename AS u, count(*) AS n FROM pg_stat_activity WHERE usename = ANY($1) GROUP BY usename", [users]);
        for (const r of rows) counts.set(r.u, Number(r.n));
        return counts;
      }),
    kill: (user: string) => withAdmin(server, (client) => terminate(client, user)),
    drop: (names: SandboxNames) =>
      withAdmin(server, async (client) => {
        const exists = (await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [names.user])).rowCount;
        // No new sessions first, then end the open ones: DROP ROLE fails while one is connected.
        if (exists) await client.query(`ALTER ROLE ${ident(names.user)} NOLOGIN`);
        await terminate(client, names.user);
        await client.query(`DROP SCHEMA IF EXISTS ${ident(names.schema)} CASCADE`);
        if (exists) {
          await client.query(`DROP OWNED BY ${ident(names.user)}`);
          await client.query(`DROP ROLE IF EXISTS ${ident(names.user)}`);
        }
      }),
  };
}
