import { randomBytes } from "node:crypto";
import pg from "pg";
import { migratePostgres } from "@/lib/db/pg-migrate";

// A PostgreSQL database of a test's own on the machine's server (127.0.0.1:5432, trust auth, or
// SWITCHYARD_TEST_PG_HOST), dropped by `drop()`. It fails, never skips, when PostgreSQL is
// unreachable: a test that needs it says so loudly.
export const PG_TEST_HOST = process.env.SWITCHYARD_TEST_PG_HOST ?? "127.0.0.1:5432";

/** A client on the server's `postgres` database as a superuser (postgres, else root). */
export async function adminClient(): Promise<{ client: pg.Client; user: string }> {
  const errors: string[] = [];
  for (const user of ["postgres", "root"]) {
    const client = new pg.Client({ connectionString: `postgres://${user}@${PG_TEST_HOST}/postgres`, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      return { client, user };
    } catch (error) {
      errors.push(`${user}: ${(error as Error).message}`);
      await client.end().catch(() => {});
    }
  }
  throw new Error(`PostgreSQL at ${PG_TEST_HOST} is unreachable (tried users postgres and root; ${errors.join("; ")})`);
}

export type ScratchPostgres = { url: string; drop: () => Promise<void> };

/** A new, empty database (with the drizzle/pg migrations applied unless `migrated: false`). */
export async function scratchPostgres(prefix: string, options: { migrated?: boolean } = {}): Promise<ScratchPostgres> {
  const { client, user } = await adminClient();
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await client.query(`CREATE DATABASE "${name}"`);
  const url = `postgres://${user}@${PG_TEST_HOST}/${name}`;
  if (options.migrated !== false) await migratePostgres(url);
  return {
    url,
    drop: async () => {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
