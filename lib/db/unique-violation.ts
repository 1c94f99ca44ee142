// Recognises a store's unique and foreign-key violations, on either store: better-sqlite3
// (SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY / _FOREIGNKEY) and node-postgres (SQLSTATE 23505 / 23503),
// also when drizzle wraps them in a "Failed query" error. lib/api/errors.ts toApiError turns them
// into the one 409 answer, so a check-then-insert that loses a race answers like its pre-check.

/** A unique violation: which unique index (or primary key) and the field it is about. */
export type UniqueViolation = {
  /** The index or constraint name from lib/db/schema.ts (PostgreSQL's `<table>_pkey` for a primary key); null when the store did not say. */
  index: string | null;
  /** What the record is ("A connection"), when the index is in UNIQUE_INDEXES. */
  what: string | null;
  /** The API's names (camelCase) of the fields that are taken. */
  fields: string[];
};

type UniqueIndex = {
  table: string;
  /** The columns as SQLite names them in its message for a plain-column index; null for an expression index (SQLite names the index). */
  columns: string[] | null;
  what: string;
  field: string;
};

// Every unique index of lib/db/schema.ts and lib/db/pg-schema.ts (the same names in both; a test
// keeps this table complete). The one place an index becomes the field a 409 names.
export const UNIQUE_INDEXES: Record<string, UniqueIndex> = {
  users_email_lower_unique: { table: "users", columns: null, what: "A user", field: "email" },
  connections_name_lower_unique: { table: "connections", columns: null, what: "A connection", field: "name" },
  feeds_name_lower_unique: { table: "feeds", columns: null, what: "A feed", field: "name" },
  table_descriptions_table_unique: { table: "table_descriptions", columns: ["connection_id", "schema_name", "table_name"], what: "A table description", field: "tableName" },
  api_tokens_hash_unique: { table: "api_tokens", columns: ["token_hash"], what: "A token", field: "token" },
  run_logs_run_seq_unique: { table: "run_logs", columns: ["run_id", "seq"], what: "A run log line", field: "seq" },
  provisioned_credentials_owner_unique: { table: "provisioned_credentials", columns: ["owner_id", "backend", "type"], what: "A sandbox of this backend and type for this owner", field: "type" },
};

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The error itself and its causes (drizzle wraps the driver's error), at most 5 deep. */
function* chain(error: unknown): Generator<{ code?: unknown; message?: unknown; constraint?: unknown; detail?: unknown; table?: unknown }> {
  let e = error;
  for (let depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    yield e as object;
    e = (e as { cause?: unknown }).cause;
  }
}

function known(index: string): UniqueViolation {
  const entry = UNIQUE_INDEXES[index];
  return { index, what: entry.what, fields: [entry.field] };
}

// "UNIQUE constraint failed: index 'users_email_lower_unique'" or "UNIQUE constraint failed: run_logs.run_id, run_logs.seq"
function fromSqlite(message: string, primaryKey: boolean): UniqueViolation {
  const named = /index '([^']+)'/.exec(message)?.[1];
  if (named) return named in UNIQUE_INDEXES ? known(named) : { index: named, what: null, fields: [] };
  const pairs = [...message.matchAll(/\b(\w+)\.(\w+)/g)].map((m) => ({ table: m[1], column: m[2] }));
  const table = pairs[0]?.table;
  const columns = pairs.map((p) => p.column);
  if (table && !primaryKey) {
    const match = Object.entries(UNIQUE_INDEXES).find(([, i]) => i.table === table && i.columns?.join(",") === columns.join(","));
    if (match) return known(match[0]);
  }
  return { index: table && primaryKey ? `${table}_pkey` : null, what: null, fields: columns.map(camel) };
}

// constraint "connections_name_lower_unique", detail "Key (lower(name))=(orders) already exists."
function fromPostgres(constraint: unknown, detail: unknown): UniqueViolation {
  if (typeof constraint === "string" && constraint in UNIQUE_INDEXES) return known(constraint);
  const key = typeof detail === "string" ? /^Key \((.+?)\)=\(/.exec(detail)?.[1] : undefined;
  const columns = key && /^\w+(, \w+)*$/.test(key) ? key.split(", ") : [];
  return { index: typeof constraint === "string" ? constraint : null, what: null, fields: columns.map(camel) };
}

/** The unique (or primary key) violation in an error or its causes, from SQLite or PostgreSQL; null for anything else. */
export function uniqueViolationOf(error: unknown): UniqueViolation | null {
  for (const e of chain(error)) {
    if ((e.code === "SQLITE_CONSTRAINT_UNIQUE" || e.code === "SQLITE_CONSTRAINT_PRIMARYKEY") && typeof e.message === "string") {
      return fromSqlite(e.message, e.code === "SQLITE_CONSTRAINT_PRIMARYKEY");
    }
    // node-postgres' DatabaseError: SQLSTATE unique_violation, with the constraint's name.
    if (e.code === "23505") return fromPostgres(e.constraint, e.detail);
  }
  return null;
}

/** A reference to a row that is gone (deleted between a check and the write) or still in use, on either store. */
export function isForeignKeyViolation(error: unknown): boolean {
  for (const e of chain(error)) if (e.code === "SQLITE_CONSTRAINT_FOREIGNKEY" || e.code === "23503") return true;
  return false;
}
