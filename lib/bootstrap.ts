import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { sessionSecret } from "@/lib/auth/session-secret";
import { dataDir } from "@/lib/config";
import { loadFixedConnections } from "@/lib/connections/fixed-connections";
import { migrateLegacyPlaintextSecrets } from "@/lib/databases/migrate-legacy";
import { getDb } from "@/lib/db/client";
import { postgresUrl } from "@/lib/db/dialect";
import { migratePostgres } from "@/lib/db/pg-migrate";
import { log } from "@/lib/log";
import { ensureKeyFile, keyFilePath } from "@/lib/secrets/keyring";
import { passwordWeakness } from "@/lib/users/password-rules";
import { createUserSchema } from "@/lib/users/schemas";
import { countUsers, createUser } from "@/lib/users/service";

/**
 * First-start work, safe to repeat: the data directory, the database and its migrations, the
 * encryption key file, the session secret and the first admin. Runs when the server starts
 * (instrumentation.ts) and before CLI commands.
 */
type Options = {
  // Where the one-time admin password goes: the server log by default, stderr for the CLI.
  announce?: (text: string) => void;
};

export async function ensureBootstrapped(options: Options = {}): Promise<void> {
  fs.mkdirSync(dataDir(), { recursive: true, mode: 0o700 });
  // The store and its migrations: PostgreSQL's drizzle/pg when DATABASE_URL names one (every
  // process applies them; drizzle's migrator takes a lock, so instances starting together are safe).
  const pgUrl = postgresUrl();
  if (pgUrl) await migratePostgres(pgUrl);
  else getDb();
  if (ensureKeyFile()) log.info("Created encryption key file", { path: keyFilePath() });
  sessionSecret();
  await loadFixedConnections();
  // Rows saved before JDBC passwords left the plain config: moved into the encrypted secrets (idempotent).
  const moved = await migrateLegacyPlaintextSecrets();
  if (moved > 0) log.info("Moved plaintext connection passwords into the encrypted secrets", { connections: moved });
  if ((await countUsers()) === 0) await createFirstAdmin(options.announce ?? ((text) => console.log(text)));
}

async function createFirstAdmin(announce: (text: string) => void): Promise<void> {
  const email = process.env.ADMIN_EMAIL?.trim() || "admin@localhost";
  const fromEnv = Boolean(process.env.ADMIN_PASSWORD);
  // An env-provided ADMIN_PASSWORD goes through the same strength check as any other (a weak one
  // stops the start below); a generated one is 120 random bits, drawn again in the unlikely case
  // the check sees a pattern in it.
  let password = process.env.ADMIN_PASSWORD || "";
  while (!fromEnv && (!password || passwordWeakness(password, [email]))) password = crypto.randomBytes(15).toString("base64url");
  const parsed = createUserSchema.safeParse({ email, password, role: "admin", name: "Administrator" });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Cannot create the first admin from ADMIN_EMAIL / ADMIN_PASSWORD: ${issues}`);
  }
  try {
    await createUser(SYSTEM_ACTOR, parsed.data);
  } catch (e) {
    if ((await countUsers()) > 0) return; // another process created it at the same moment
    throw e;
  }
  if (fromEnv) {
    log.info("Created the first admin from ADMIN_EMAIL / ADMIN_PASSWORD", { email: parsed.data.email });
  } else {
    // Printed once, on the start that creates the account; it is stored only as a hash.
    announce(
      [
        "",
        "==================================================================",
        " Switchyard created the first admin account. Sign in with:",
        `   email:    ${parsed.data.email}`,
        `   password: ${password}`,
        " This password is shown only now. Change it under Settings -> Account.",
        "==================================================================",
        "",
      ].join("\n"),
    );
  }
}
