import "server-only";
import type { Connection } from "@/lib/db/schema";
import { toDruidConnection } from "./druid-service";

/** The console's view: the connection's fields plus id, fixed and the last test. */
export function toNativeDruid(row: Connection) {
  const config = row.config as { fixed?: boolean; lastTest?: unknown };
  return { id: row.id, kind: "druid" as const, ...toDruidConnection(row), fixed: Boolean(config.fixed), lastTest: config.lastTest ?? null, provisionedFrom: row.provisionedFrom, createdAt: row.createdAt.toISOString() };
}
