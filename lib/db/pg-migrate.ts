import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

// Applies drizzle/pg/ (generated from lib/db/pg-schema.ts) to the PostgreSQL database at `url`.
// Every process applies them at start (lib/bootstrap.ts) and `switchyard db migrate` does on demand.
// Relative to the working directory, like the SQLite store's drizzle/ (lib/config.ts migrationsDir).
export function pgMigrationsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ "drizzle", "pg");
}

const MIGRATION_LOCK = 0x5357_4d49_4752; // "SWMIGR"

export async function migratePostgres(url: string, migrationsFolder = pgMigrationsDir()): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // drizzle's migrator does not lock: console and worker instances starting together would each
    // apply the same migration. A session lock of our own makes them take turns; the later ones
    // then find nothing to apply.
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end(); // ends the session, and its lock with it
  }
}
