import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { onPostgres as postgres } from "./dialect";

// The few SQL expressions the two stores spell differently, in one place. Everything else the
// services write through drizzle's query builder, which both dialects render themselves.


/** A field of a JSON column as text (null when absent): json_extract / ->>. */
export function jsonText(column: SQLWrapper, key: string): SQL<string | null> {
  return postgres() ? sql<string | null>`(${column} ->> ${sql.raw(`'${key}'`)})` : sql<string | null>`json_extract(${column}, ${sql.raw(`'$.${key}'`)})`;
}

/** A numeric field of a JSON column (null when absent). */
export function jsonNumber(column: SQLWrapper, key: string): SQL<number | null> {
  return postgres() ? sql<number | null>`(${column} ->> ${sql.raw(`'${key}'`)})::double precision` : sql<number | null>`json_extract(${column}, ${sql.raw(`'$.${key}'`)})`;
}

/** A boolean field of a JSON column, as 1/0 (null when absent). */
export function jsonFlag(column: SQLWrapper, key: string): SQL<number | null> {
  return postgres()
    ? sql<number | null>`(${column} ->> ${sql.raw(`'${key}'`)})::boolean::int`
    : sql<number | null>`json_extract(${column}, ${sql.raw(`'$.${key}'`)})`;
}

/** An object or array field of a JSON column, as JSON text to parse (null when absent). */
export function jsonObjectText(column: SQLWrapper, key: string): SQL<string | null> {
  return postgres() ? sql<string | null>`(${column} -> ${sql.raw(`'${key}'`)})::text` : sql<string | null>`json_extract(${column}, ${sql.raw(`'$.${key}'`)})`;
}

/** Whether the JSON array in `column` holds the string `value`. */
export function jsonArrayHas(column: SQLWrapper, value: string): SQL {
  return postgres() ? sql`(${column} ? ${value})` : sql`exists (select 1 from json_each(${column}) where value = ${value})`;
}

/** The strings of the JSON array in `column` of `table`, one row each, as a FROM item with a `value` column. */
export function jsonArrayRows(table: SQLWrapper, column: SQLWrapper): SQL {
  return postgres() ? sql`${table} cross join lateral jsonb_array_elements_text(${column}) as j(value)` : sql`${table}, json_each(${column}) j`;
}

/** Whether `haystack` (already lowered) holds `needle`: instr / strpos. */
export function containsText(haystack: SQLWrapper, needle: string): SQL {
  return postgres() ? sql`strpos(${haystack}, ${needle}) > 0` : sql`instr(${haystack}, ${needle}) > 0`;
}

/**
 * An ordering key compared byte by byte, as SQLite compares text: PostgreSQL's default collation
 * would sort (and page by cursor) names in another order than the embedded store.
 */
export function byteOrder(key: SQLWrapper): SQL<string> {
  return postgres() ? sql<string>`(${key}) collate "C"` : sql<string>`${key}`;
}

/** The smaller of two values: SQLite's scalar min(), PostgreSQL's least(). */
export function least(a: SQLWrapper | unknown, b: SQLWrapper | unknown): SQL {
  return postgres() ? sql`least(${a}, ${b})` : sql`min(${a}, ${b})`;
}

/** The larger of two values: SQLite's scalar max(), PostgreSQL's greatest(). */
export function greatest(a: SQLWrapper | unknown, b: SQLWrapper | unknown): SQL {
  return postgres() ? sql`greatest(${a}, ${b})` : sql`max(${a}, ${b})`;
}

/** A row count as a number (PostgreSQL's count(*) is a bigint, which node-postgres returns as a string). */
export function countRows(): SQL<number> {
  return sql<number>`count(*)`.mapWith(Number);
}

/** A timestamp column's value one millisecond later (SQLite stores epoch milliseconds). */
export function oneMillisecondAfter(column: SQLWrapper): SQL {
  return postgres() ? sql`(${column} + interval '1 millisecond')` : sql`(${column} + 1)`;
}

/** LIKE as SQLite reads it, ignoring the case of ASCII letters (PostgreSQL: ILIKE). */
export function likeAnyCase(column: SQLWrapper, pattern: string): SQL {
  return postgres() ? sql`${column} ilike ${pattern}` : sql`${column} like ${pattern}`;
}
