import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

// Applies drizzle/pg/ (generated from lib/db/pg-schema.ts) to the PostgreSQL database at `url`.
// Groundwork for issue #13: nothing calls it at start yet; lib/db/pg-migrate.test.ts does.
// Relative to the working directory, like the SQLite store's drizzle/ (lib/config.ts migrationsDir).
export function pgMigrationsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ "drizzle", "pg");
}

export async function migratePostgres(url: string, migrationsFolder = pgMigrationsDir()): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end();
  }
}
