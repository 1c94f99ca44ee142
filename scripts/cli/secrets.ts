import { getDb } from "@/lib/db/client";
import { rotateSecrets } from "@/lib/secrets/rotate";
import { prepare, type Command } from "./command";

export const secretsCommands: Record<string, Command> = {
  "secrets rotate": {
    usage: "",
    options: {},
    async run() {
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
