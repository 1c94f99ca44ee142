import "server-only";
import { eq } from "drizzle-orm";
import { readDeclarationFile } from "@/lib/bundle/env-expand";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { druidConnectionSchema } from "./druid-schemas";
import { listDruidConnections, upsertDruidConnection } from "./druid-service";

// Pivot's fixedConnections: with CONNECTIONS_FILE set (YAML or JSON), the file is the source of
// truth for Druid connections. Values may say ${VAR} or ${VAR:-default} to read the environment.
// PROVISIONING_DIR (lib/bundle/provisioning-dir.ts) does the same for every kind, reading its files
// with the same reader.

export function loadFixedConnections(): number {
  const file = process.env.CONNECTIONS_FILE;
  if (!file) return 0;
  const doc = readDeclarationFile(file, "CONNECTIONS_FILE");
  const list = Array.isArray(doc) ? doc : ((doc as { connections?: unknown[]; fixedConnections?: unknown[] })?.connections ?? (doc as { fixedConnections?: unknown[] })?.fixedConnections ?? []);
  const names = new Set<string>();
  list.forEach((entry, i) => {
    const parsed = druidConnectionSchema.safeParse(entry);
    if (!parsed.success) {
      throw new Error(`CONNECTIONS_FILE entry ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}`);
    }
    upsertDruidConnection(SYSTEM_ACTOR, parsed.data, { fixed: true });
    names.add(parsed.data.name.toLowerCase());
  });
  for (const row of listDruidConnections()) {
    // Druid connections a PROVISIONING_DIR file declares belong to that file, not to this one.
    if (!names.has(row.name.toLowerCase()) && !row.provisionedFrom) getDb().delete(connections).where(eq(connections.id, row.id)).run();
  }
  log.info("Loaded fixed connections", { file, count: names.size });
  return names.size;
}
