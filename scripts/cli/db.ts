import { migrationsDir } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { prepare, type Command } from "./command";

export const dbCommands: Record<string, Command> = {
  "db migrate": {
    usage: "",
    options: {},
    async run() {
      await prepare(); // opening the database applies pending migrations
      const rows = getDb().$client.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number };
      console.log(`database is up to date (${rows.n} migration(s) from ${migrationsDir()})`);
    },
  },
};
