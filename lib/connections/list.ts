import "server-only";
import { asc } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { connections, CONNECTION_KINDS } from "@/lib/db/schema";
import { feedCountsByConnection } from "./store";

export const connectionSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(CONNECTION_KINDS),
  name: z.string(),
  // Auth type for REST, dialect for databases, "druid" for Pivot connections.
  detail: z.string(),
  usedByFeeds: z.number(),
  lastTest: z.object({ ok: z.boolean(), code: z.string().nullable(), message: z.string(), at: z.string() }).nullable(),
  // The PROVISIONING_DIR file that declares it (read-only then), or null.
  provisionedFrom: z.string().nullable().optional(),
  createdAt: z.string(),
});
export const connectionListSchema = z.object({ connections: z.array(connectionSummarySchema) });
export const connectionListQuerySchema = z.object({ kind: z.enum(CONNECTION_KINDS).optional(), q: z.string().max(100).optional() });

/** Every connection of every kind, for the console's one list. */
export function listConnections(filter: z.infer<typeof connectionListQuerySchema> = {}) {
  const used = feedCountsByConnection();
  const rows = getDb().select().from(connections).orderBy(asc(connections.name)).all();
  return rows
    .filter((r) => (!filter.kind || r.kind === filter.kind) && (!filter.q || r.name.toLowerCase().includes(filter.q.toLowerCase())))
    .map((r) => {
      const config = r.config as { authType?: string; dialect?: string; lastTest?: z.infer<typeof connectionSummarySchema>["lastTest"] };
      return {
        id: r.id,
        kind: r.kind,
        name: r.name,
        detail: config.authType ?? config.dialect ?? r.kind,
        usedByFeeds: used.get(r.id) ?? 0,
        lastTest: config.lastTest ?? null,
        provisionedFrom: r.provisionedFrom,
        createdAt: r.createdAt.toISOString(),
      };
    });
}
