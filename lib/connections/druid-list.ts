import "server-only";
import { inArray } from "drizzle-orm";
import type { z } from "zod";
import { namedPageQuerySchema } from "@/lib/api/paging";
import { db } from "@/lib/db/tx";
import { connections } from "@/lib/db/tables";
import { asConnection } from "./store";
import { toNativeDruid } from "./druid-native";
import { listConnections } from "./list";

/**
 * GET /api/druid-connections: one page of Druid connections in full (secrets masked), sorted and
 * searched by name like the connections list, whose paging it reuses: that page's ids, then those
 * rows in one query. Three queries whatever the page size.
 */
export async function listNativeDruid(query: z.infer<typeof namedPageQuerySchema> = {}) {
  const page = await listConnections({ ...query, kind: "druid" });
  const ids = page.items.map((c) => c.id);
  const rows = ids.length ? (await db().select().from(connections).where(inArray(connections.id, ids))).map((r) => asConnection(r, "druid")) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toNativeDruid(row)] : [];
  });
  return { connections: items, total: page.total, nextCursor: page.nextCursor };
}
