import "server-only";
import type { ConnectionOf } from "@/lib/db/tables";
import { toDruidConnection } from "./druid-service";

/** The console's view: the connection's fields plus id, fixed and the last test. */
export function toNativeDruid(row: ConnectionOf<"druid">) {
  const config = row.config;
  return { id: row.id, kind: "druid" as const, ...toDruidConnection(row), fixed: Boolean(config.fixed), lastTest: config.lastTest ?? null, provisionedFrom: row.provisionedFrom, createdAt: row.createdAt.toISOString() };
}
