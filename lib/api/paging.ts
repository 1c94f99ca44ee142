import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { ApiError } from "./errors";

// Keyset paging for the native API's lists: `limit` (default 50, at most 500) and an opaque
// `cursor` naming the last row of the previous page by (sort key, id). A row inserted before the
// cursor's position never shifts the next page, as an offset would.

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** The query parameters every paged list accepts; checked by pageOf, which answers 400 naming the field. */
export const pageQuerySchema = z.object({ limit: z.string().optional(), cursor: z.string().optional() });

/** The same with `q`, a search by name (contains, any case). */
export const namedPageQuerySchema = pageQuerySchema.extend({ q: z.string().max(100).optional() });

export type PageRequest = { limit: number; after: { key: string; id: string } | null };
export type Page<T> = { items: T[]; total: number; nextCursor: string | null };

export function encodeCursor(key: string, id: string | number): string {
  return Buffer.from(JSON.stringify([key, String(id)]), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { key: string; id: string } | null {
  if (cursor.length > 1000) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string") return { key: v[0], id: v[1] };
  } catch {
    // falls through to the 400 below
  }
  return null;
}

/** Reads `limit` and `cursor`; a bad one is a 400 naming its field. */
export function pageOf(query: { limit?: string; cursor?: string }): PageRequest {
  let limit = DEFAULT_LIMIT;
  if (query.limit !== undefined) {
    const n = /^\d{1,6}$/.test(query.limit) ? Number(query.limit) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
      const message = `limit must be a whole number from 1 to ${MAX_LIMIT} (got ${JSON.stringify(query.limit.slice(0, 20))})`;
      throw new ApiError("bad_request", message, { limit: message });
    }
    limit = n;
  }
  let after: PageRequest["after"] = null;
  if (query.cursor !== undefined && query.cursor !== "") {
    after = decodeCursor(query.cursor);
    if (!after) {
      const message = "cursor is not one this server handed out: pass the nextCursor of the previous page unchanged";
      throw new ApiError("bad_request", message, { cursor: message });
    }
  }
  return { limit, after };
}

/** `(key, id) > (after.key, after.id)` for an ascending (key, id) order. */
export function afterCursor(key: SQL, id: SQL, after: PageRequest["after"], idIsInteger = false): SQL | undefined {
  if (!after) return undefined;
  const afterId = idIsInteger ? Number(after.id) : after.id;
  if (idIsInteger && !Number.isSafeInteger(afterId)) {
    throw new ApiError("bad_request", "cursor is not one this server handed out", { cursor: "cursor is not one this server handed out" });
  }
  return sql`(${key} > ${after.key} or (${key} = ${after.key} and ${id} > ${afterId}))`;
}

/** Rows fetched with limit + 1: the extra one only says whether another page follows. */
export function pageFrom<R, T>(rows: R[], limit: number, total: number, keyOf: (r: R) => [string, string | number], map: (r: R) => T): Page<T> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return { items: shown.map(map), total, nextCursor: more && last ? encodeCursor(...keyOf(last)) : null };
}
