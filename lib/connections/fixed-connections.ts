import "server-only";
import { eq } from "drizzle-orm";
import { readDeclarationFile } from "@/lib/bundle/env-expand";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { inTransaction } from "@/lib/db/tx";
import { connections } from "@/lib/db/tables";
import { log } from "@/lib/log";
import { druidConnectionSchema } from "./druid-schemas";
import { listDruidConnections, upsertDruidConnection } from "./druid-service";

// Pivot's fixedConnections: with CONNECTIONS_FILE set (YAML or JSON), the file is the source of
// truth for Druid connections. Values may say ${VAR} or ${VAR:-default} to read the environment.
// PROVISIONING_DIR (lib/bundle/provisioning-dir.ts) does the same for every kind, reading its files
// with the same reader.

/** Applies the file in one transaction: a bad entry leaves the connections as they were. */
export async function loadFixedConnections(): Promise<number> {
  const file = process.env.CONNECTIONS_FILE;
  if (!file) return 0;
  const doc = readDeclarationFile(file, "CONNECTIONS_FILE");
  const list = Array.isArray(doc) ? doc : ((doc as { connections?: unknown[]; fixedConnections?: unknown[] })?.connections ?? (doc as { fixedConnections?: unknown[] })?.fixedConnections ?? []);
  const entries = list.map((entry, i) => {
    const parsed = druidConnectionSchema.safeParse(entry);
    if (!parsed.success) {
      throw new Error(`CONNECTIONS_FILE entry ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}`);
    }
    return parsed.data;
  });
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  await inTransaction(async (tx) => {
    for (const entry of entries) await upsertDruidConnection(SYSTEM_ACTOR, entry, { fixed: true });
    for (const row of await listDruidConnections()) {
      // Druid connections a PROVISIONING_DIR file declares belong to that file, not to this one.
      if (!names.has(row.name.toLowerCase()) && !row.provisionedFrom) await tx.delete(connections).where(eq(connections.id, row.id));
    }
  });
  log.info("Loaded fixed connections", { file, count: names.size });
  return names.size;
}
