import { getDb } from "@/lib/db/client";
import pg from "pg";
import { postgresUrl } from "@/lib/db/dialect";
import { postgresRotationStore, rotateSecrets, sqliteRotationStore } from "@/lib/secrets/rotate";
import { prepare, type Command } from "./command";

export const secretsCommands: Record<string, Command> = {
  "secrets rotate": {
    usage: "",
    options: {},
    async run() {
      await prepare();
      // The raw connection on purpose: see lib/secrets/rotate.ts (a CLI-only batch job).
      const onBatch = (n: number) => console.error(`re-encrypted ${n} secret(s)…`);
      const url = postgresUrl();
      let result;
      if (url) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          result = await rotateSecrets(postgresRotationStore(client), { onBatch });
        } finally {
          await client.end();
        }
      } else {
        result = await rotateSecrets(sqliteRotationStore(getDb().$client), { onBatch });
      }
      console.log(
        `${result.resumed ? "resumed rotation; " : ""}re-encrypted ${result.reencrypted} secret(s) with key ${result.keyId}` +
          (result.retiredKeys.length ? `; retired key(s) ${result.retiredKeys.join(", ")}` : ""),
      );
      if (result.source === "env" && result.retiredKeys.length) {
        console.error("Nothing uses ENCRYPTION_KEY_PREVIOUS any more; remove it from the environment.");
      }
    },
  },
};
