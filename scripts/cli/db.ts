import { dataPath, migrationsDir } from "@/lib/config";
import { count, sql } from "drizzle-orm";
import { db, first } from "@/lib/db/tx";
import { copySqliteToPostgres, formatCopyReport } from "@/lib/db/copy";
import { postgresUrl } from "@/lib/db/dialect";
import { pgMigrationsDir } from "@/lib/db/pg-migrate";
import { redactUri } from "@/lib/secrets/redact";
import { CliError, prepare, required, type Command } from "./command";

export const dbCommands: Record<string, Command> = {
  "db migrate": {
    usage: "",
    options: {},
    async run() {
      await prepare(); // opening the store applies pending migrations (PostgreSQL's too, with DATABASE_URL)
      // drizzle's own bookkeeping table, not in the schema: in the drizzle schema on PostgreSQL.
      const pgUrl = postgresUrl();
      const rows = await first(db().select({ n: count() }).from(pgUrl ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`));
      const where = pgUrl ? `${pgMigrationsDir()} on ${redactUri(pgUrl)}` : migrationsDir();
      console.log(`database is up to date (${rows?.n ?? 0} migration(s) from ${where})`);
    },
  },
  // Reads the SQLite store read-only (no prepare(): no migration, key file or first admin is
  // written), so it runs beside a live server.
  "db copy": {
    usage: "--from sqlite --to postgres://USER@HOST:5432/DB [--overwrite]",
    options: { from: { type: "string" }, to: { type: "string" }, overwrite: { type: "boolean" } },
    async run(values) {
      const from = required(values, "from");
      if (from !== "sqlite") throw new CliError(`--from: only sqlite can be copied from (the store at DATA_DIR/console.db), not "${from}"`, 2);
      const to = values.to;
      if (typeof to !== "string" || !to) throw new CliError("--to is required: the PostgreSQL database to copy into (--to \"$DATABASE_URL\", or postgres://user:password@host:5432/database)", 2);
      if (!/^postgres(ql)?:\/\//i.test(to)) throw new CliError(`--to: give a PostgreSQL URL (postgres://user:password@host:5432/database), not "${redactUri(to)}"`, 2);
      const sqliteFile = dataPath("console.db");
      console.error(`copying ${sqliteFile} to ${redactUri(to)}`);
      const report = await copySqliteToPostgres({ sqliteFile, url: to, overwrite: values.overwrite === true });
      console.log(formatCopyReport(report));
      if (report.changed) console.log("Secrets were copied encrypted: run against PostgreSQL with the same ENCRYPTION_KEY (or this DATA_DIR's secret.key).");
    },
  },
};
