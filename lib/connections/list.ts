import "server-only";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { afterCursor, pageFrom, pageOf, pageQuerySchema, type Page } from "@/lib/api/paging";
import { db } from "@/lib/db/tx";
import { connections, CONNECTION_KINDS } from "@/lib/db/tables";
import { byteOrder, containsText, countRows, jsonFlag, jsonObjectText, jsonText } from "@/lib/db/sql-dialect";

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
  // A Druid connection the server's CONNECTIONS_FILE fixes: shown, not edited.
  fixed: z.boolean().optional(),
  createdAt: z.string(),
});
export const connectionListSchema = z.object({ connections: z.array(connectionSummarySchema), total: z.number(), nextCursor: z.string().nullable() });
export const connectionListQuerySchema = pageQuerySchema.extend({ kind: z.enum(CONNECTION_KINDS).optional(), q: z.string().max(100).optional() });

export type ConnectionSummaryOut = z.infer<typeof connectionSummarySchema>;

// Sorted by name regardless of case (the unique index on lower(name) serves the order), then id.
const sortKey = byteOrder(sql`lower(${connections.name})`);

/**
 * One page of the connections of every kind, for the console's one list: filtered, counted and
 * sorted in SQL, each row's feed count a correlated count on feeds_connection_idx. Two queries.
 */
export async function listConnections(query: z.infer<typeof connectionListQuerySchema> = {}): Promise<Page<ConnectionSummaryOut>> {
  const { limit, after } = pageOf(query);
  const q = query.q?.trim().toLowerCase();
  const filters: (SQL | undefined)[] = [query.kind ? eq(connections.kind, query.kind) : undefined, q ? containsText(sql`lower(${connections.name})`, q) : undefined];
  const rows = await db()
    .select({
      id: connections.id,
      kind: connections.kind,
      name: connections.name,
      key: sortKey,
      authType: jsonText(connections.config, "authType"),
      dialect: jsonText(connections.config, "dialect"),
      lastTest: jsonObjectText(connections.config, "lastTest"),
      fixed: jsonFlag(connections.config, "fixed"),
      usedByFeeds: sql<number>`(select count(*) from feeds f where f.connection_id = "connections"."id")`.mapWith(Number),
      provisionedFrom: connections.provisionedFrom,
      createdAt: connections.createdAt,
    })
    .from(connections)
    .where(and(...filters, afterCursor(sortKey, sql`${connections.id}`, after)))
    .orderBy(asc(sortKey), asc(connections.id))
    .limit(limit + 1);
  const [{ total }] = await db()
    .select({ total: countRows() })
    .from(connections)
    .where(and(...filters));
  return pageFrom(
    rows,
    limit,
    total,
    (r) => [r.key, r.id],
    (r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      detail: r.authType ?? r.dialect ?? r.kind,
      usedByFeeds: r.usedByFeeds,
      lastTest: r.lastTest ? (JSON.parse(r.lastTest) as ConnectionSummaryOut["lastTest"]) : null,
      provisionedFrom: r.provisionedFrom,
      ...(r.fixed ? { fixed: true } : {}),
      createdAt: r.createdAt.toISOString(),
    }),
  );
}
