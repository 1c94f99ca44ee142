import "server-only";
import { eq } from "drizzle-orm";
import { asConnection, readSecrets, sealSecrets } from "@/lib/connections/store";
import { inTransaction, writeDb } from "@/lib/db/tx";
import { connections, type ConnectionOf } from "@/lib/db/tables";
import { jdbcUrlPassword } from "@/lib/drivers/jdbc";
import { redactUri } from "@/lib/secrets/redact";
import type { DatabaseConfig, DatabaseSecrets } from "./service";

/**
 * Rows written before the one redaction module can hold a secret in plain `config`: a JDBC URL
 * with user:password@ or ;password= (stored as given), or a display URI whose password held an "@"
 * (the old regex kept what followed it). This moves such a password into the encrypted secrets and
 * rebuilds every stored display URI. Idempotent: a clean row is left untouched. Returns how many
 * rows it changed. Meant to run once at start, before the server answers.
 */
export function migrateLegacyPlaintextSecrets(): Promise<number> {
  return inTransaction(async (tx) => {
    let changed = 0;
    for (const row of (await tx.select().from(connections).where(eq(connections.kind, "database"))).map((r) => asConnection(r, "database"))) {
      if (await migrateRow(row)) changed++;
    }
    return changed;
  });
}

/** One row, inside the migration's transaction: whether it had to change. */
async function migrateRow(row: ConnectionOf<"database">): Promise<boolean> {
  const config = row.config;
  const secrets = readSecrets<DatabaseSecrets>(row);
  const next: DatabaseConfig = { ...config };
  const nextSecrets: DatabaseSecrets = { ...secrets };
  if (secrets.connection_uri) next.uri = redactUri(secrets.connection_uri);
  // Older rows kept the JDBC URL a surface was sent, as given, in a nested object's `jdbcUrl`.
  const nested = Object.entries(config).filter((e): e is [string, Record<string, unknown> & { jdbcUrl: string }] => {
    const v = e[1] as { jdbcUrl?: unknown } | null;
    return typeof v === "object" && v !== null && !Array.isArray(v) && typeof v.jdbcUrl === "string";
  });
  if (nested.length || (!secrets.connection_uri && config.uri?.startsWith("jdbc:"))) {
    const urls = [...nested.map(([, v]) => v.jdbcUrl), config.uri ?? ""];
    const found = urls.map((u) => jdbcUrlPassword(u).password).find(Boolean);
    if (found && !nextSecrets.jdbc_password && !nextSecrets.password) nextSecrets.jdbc_password = found;
    for (const [key, v] of nested) (next as Record<string, unknown>)[key] = { ...v, jdbcUrl: redactUri(v.jdbcUrl) };
    next.uri = redactUri(config.uri ?? nested[0][1].jdbcUrl);
  } else if (!secrets.connection_uri && config.uri) {
    next.uri = redactUri(config.uri);
  }
  const configChanged = JSON.stringify(next) !== JSON.stringify(config);
  const secretsChanged = nextSecrets.jdbc_password !== secrets.jdbc_password;
  if (!configChanged && !secretsChanged) return false;
  await writeDb()
    .update(connections)
    .set({ config: next, ...(secretsChanged ? { secrets: sealSecrets(nextSecrets) } : {}) })
    .where(eq(connections.id, row.id));
  return true;
}
