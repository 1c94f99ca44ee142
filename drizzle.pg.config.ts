import { defineConfig } from "drizzle-kit";

// The PostgreSQL store's migrations (DATABASE_URL=postgres://...), generated from lib/db/pg-schema.ts:
// `npx drizzle-kit generate --config drizzle.pg.config.ts`. The SQLite ones stay in drizzle.config.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/pg-schema.ts",
  out: "./drizzle/pg",
  dbCredentials: { url: process.env.DATABASE_URL || "postgres://127.0.0.1:5432/switchyard" },
});
