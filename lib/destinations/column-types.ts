// Column types of a destination table, inferred from the JSON values the script writes (README
// "Column types"). One set of rules for every SQL destination, so SQLite and PostgreSQL agree:
//
//   integer   a JSON number that is a safe integer (|n| <= 2^53 - 1)      bigint            INTEGER
//   double    any other JSON number                                      double precision  REAL
//   boolean   true / false                                               boolean           BOOLEAN (1 / 0)
//   timestamp an ISO 8601 date-time with a zone, at most microseconds    timestamptz       (never: TEXT)
//   json      an object or an array                                      jsonb             JSON (JSON text)
//   text      any other string                                           text              TEXT
//
// A column only ever widens: integer -> double -> text, and any other mix -> text. A column this
// code did not create (an older install's untyped or double columns, or one an admin altered) is
// used as it is when it can hold the values, and widened by the same rules when it cannot; one
// whose type is not in the table above ("untyped") is never altered.

export type ColumnKind = "integer" | "double" | "boolean" | "timestamp" | "json" | "text" | "untyped";
export type Dialect = "sqlite" | "postgres";

// ISO 8601 with a zone: the instant is exact in timestamptz. Without a zone the instant is unknown,
// and more than six fractional digits would be rounded, so such strings stay text.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-](\d{2}):?(\d{2}))$/;

export function isExactTimestamp(s: string): boolean {
  if (s.length < 20 || s.length > 35) return false;
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  if (m[8] !== "Z" && (Number(m[9]) > 15 || Number(m[10]) > 59)) return false;
  return true;
}

/** The narrowest kind that holds a value; null for null and absent values, which say nothing. */
export function kindOf(value: unknown, dialect: Dialect): ColumnKind | null {
  switch (typeof value) {
    case "number":
      return Number.isSafeInteger(value) ? "integer" : "double";
    case "boolean":
      return "boolean";
    case "string":
      return dialect === "postgres" && isExactTimestamp(value) ? "timestamp" : "text";
    case "object":
      return value === null ? null : "json";
    case "undefined":
      return null;
    default:
      return "text";
  }
}

/** The narrowest kind that holds both. */
export function widen(a: ColumnKind | null, b: ColumnKind | null): ColumnKind | null {
  if (a === null || a === b) return b;
  if (b === null) return a;
  if (a === "untyped" || b === "untyped") return "untyped";
  if ((a === "integer" && b === "double") || (a === "double" && b === "integer")) return "double";
  return "text";
}

/** Can a column of this kind store the value as it is? The per-value fast path of every load. */
export function holds(column: ColumnKind, value: unknown, dialect: Dialect): boolean {
  if (value === null || value === undefined) return true;
  switch (column) {
    case "text":
    case "untyped":
      return true;
    case "double":
      return typeof value === "number";
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "json":
      return typeof value === "object";
    case "timestamp":
      return typeof value === "string" && dialect === "postgres" && isExactTimestamp(value);
  }
}

const SQL_TYPE: Record<Dialect, Record<Exclude<ColumnKind, "untyped">, string>> = {
  postgres: { integer: "bigint", double: "double precision", boolean: "boolean", timestamp: "timestamptz", json: "jsonb", text: "text" },
  // SQLite has no date-time type: timestamps never get here (kindOf gives text).
  sqlite: { integer: "INTEGER", double: "REAL", boolean: "BOOLEAN", timestamp: "TEXT", json: "JSON", text: "TEXT" },
};

export function sqlType(kind: Exclude<ColumnKind, "untyped">, dialect: Dialect): string {
  return SQL_TYPE[dialect][kind];
}

/** The kind of an existing column from its declared type (SQLite) or information_schema data_type (PostgreSQL). */
export function kindOfSqlType(declared: string, dialect: Dialect): ColumnKind {
  const t = declared.trim().toLowerCase();
  if (dialect === "postgres") {
    if (t === "bigint" || t === "integer" || t === "smallint") return "integer";
    if (t === "double precision" || t === "real" || t === "numeric") return "double";
    if (t === "boolean") return "boolean";
    if (t === "timestamp with time zone" || t === "timestamptz") return "timestamp";
    if (t === "jsonb" || t === "json") return "json";
    if (t === "text" || t === "character varying" || t === "character") return "text";
    return "untyped";
  }
  // The names this code declares; anything else (an older install's untyped columns) is left alone.
  const sqlite: Record<string, ColumnKind> = { integer: "integer", real: "double", boolean: "boolean", json: "json", text: "text" };
  return sqlite[t] ?? "untyped";
}

export type ColumnChange = { key: string; from: ColumnKind | null; to: ColumnKind };

/**
 * What a batch needs of the table: a column for each new key (typed from the batch's values) and
 * a wider type for each column that cannot hold a value. `columnOf` gives the kind of a record
 * key's column, undefined while it has none. A key seen only with nulls gets no column yet: its type is unknown, and a
 * guess (text) would hold every later value as text. Its rows read it as NULL once it is added.
 */
export function planColumns(batch: readonly Record<string, unknown>[], columnOf: (key: string) => ColumnKind | undefined, dialect: Dialect): ColumnChange[] {
  const misfits = new Map<string, ColumnKind | null>();
  for (const record of batch) {
    for (const key in record) {
      const value = record[key];
      const have = columnOf(key);
      if (have !== undefined && holds(have, value, dialect)) continue;
      misfits.set(key, widen(misfits.get(key) ?? null, kindOf(value, dialect)));
    }
  }
  const changes: ColumnChange[] = [];
  for (const [key, seen] of misfits) {
    const have = columnOf(key) ?? null;
    const to = widen(have, seen);
    if (to !== null && to !== have) changes.push({ key, from: have, to });
  }
  return changes;
}

export function describeWidening(table: string, change: ColumnChange & { from: ColumnKind }, dialect: Dialect): string {
  const from = change.from === "untyped" ? "untyped" : sqlType(change.from, dialect);
  const to = change.to === "untyped" ? "untyped" : sqlType(change.to, dialect);
  return `Column ${table}.${change.key} widened from ${from} to ${to}: a record's value does not fit ${from}`;
}

/** A value as a text column stores it: strings as they are, nested values as JSON. */
export function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
