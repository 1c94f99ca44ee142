import "server-only";
import fs from "node:fs";
import { eq } from "drizzle-orm";
import YAML from "yaml";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { connections } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { druidConnectionSchema } from "./druid-schemas";
import { listDruidConnections, upsertDruidConnection } from "./druid-service";

// Pivot's fixedConnections: with CONNECTIONS_FILE set (YAML or JSON), the file is the source of
// truth for Druid connections. Values may say ${VAR} or ${VAR:-default} to read the environment.

function expand(value: unknown): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => {
      const v = process.env[name];
      if (v === undefined && fallback === undefined) throw new Error(`CONNECTIONS_FILE refers to \${${name}}, which is not set`);
      return v ?? fallback ?? "";
    });
  }
  if (Array.isArray(value)) return value.map(expand);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)]));
  return value;
}

export function loadFixedConnections(): number {
  const file = process.env.CONNECTIONS_FILE;
  if (!file) return 0;
  const text = fs.readFileSync(file, "utf8");
  const doc = expand(file.endsWith(".json") ? JSON.parse(text) : YAML.parse(text)) as unknown;
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
    if (!names.has(row.name.toLowerCase())) getDb().delete(connections).where(eq(connections.id, row.id)).run();
  }
  log.info("Loaded fixed connections", { file, count: names.size });
  return names.size;
}
