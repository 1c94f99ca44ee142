import { getDb } from "@/lib/db/client";
import { storeDialect } from "@/lib/db/dialect";
import { rotateSecrets } from "@/lib/secrets/rotate";
import { CliError, prepare, type Command } from "./command";

export const secretsCommands: Record<string, Command> = {
  "secrets rotate": {
    usage: "",
    options: {},
    async run() {
      if (storeDialect() === "postgres") throw new CliError("secrets rotate works on the embedded SQLite store only for now; unset DATABASE_URL to rotate an embedded installation's keys", 2);
      await prepare();
      // The raw client on purpose: see lib/secrets/rotate.ts (a CLI-only, synchronous batch job).
      const result = rotateSecrets(getDb().$client, { onBatch: (n) => console.error(`re-encrypted ${n} secret(s)…`) });
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
