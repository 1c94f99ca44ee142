import type { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "./error-codes";

export type FieldErrors = Record<string, string>;

// Thrown by services and the route wrapper; turned into { error: { code, message, fields?, requestId } }.
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, fields?: FieldErrors, headers?: Record<string, string>) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.fields = fields;
    this.headers = headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  // Every native error answer names its request, so a 4xx can be quoted in a report like a 5xx.
  toBody(requestId?: string) {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}), ...(requestId ? { requestId } : {}) } };
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);
export const conflict = (message: string, fields?: FieldErrors) => new ApiError("conflict", message, fields);
export const invalid = (field: string, message: string) => new ApiError("unprocessable_entity", message, { [field]: message });

export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_";
    // Every problem with a field is named (a feed name can break several rules at once).
    fields[key] = fields[key] && !fields[key].includes(issue.message) ? `${fields[key]}; ${issue.message}` : issue.message;
  }
  return fields;
}

export function validationError(error: z.ZodError, where = "request"): ApiError {
  const fields = fieldErrorsFromZod(error);
  const list = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join("; ");
  return new ApiError("unprocessable_entity", `Invalid ${where}: ${list}`, fields);
}

// The unique indexes of lib/db/schema.ts whose columns are expressions (lower(name)): SQLite names
// the index, not the column, so the field and the thing it belongs to are looked up here.
const UNIQUE_INDEXES: Record<string, { what: string; field: string }> = {
  users_email_lower_unique: { what: "A user", field: "email" },
  connections_name_lower_unique: { what: "A connection", field: "name" },
  feeds_name_lower_unique: { what: "A feed", field: "name" },
  table_descriptions_table_unique: { what: "A table description", field: "tableName" },
  api_tokens_hash_unique: { what: "A token", field: "token" },
  run_logs_run_seq_unique: { what: "A run log line", field: "seq" },
};

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function sqliteCode(error: unknown): unknown {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_")) return code;
  }
  return undefined;
}

/** The SQLite unique (or primary key) violation in an error or its causes (drizzle wraps them), if any. */
function uniqueViolation(error: unknown): string | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if ((code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") && e instanceof Error) return e.message;
  }
  return null;
}

/**
 * Every error as the API answers it: ApiErrors as they are, a unique violation (two requests that
 * both passed a check-then-insert, e.g. two createUser with one email) as 409 naming the field;
 * null for anything else (a 500). The one place such mappings live, used by every surface.
 */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  // A reference to a row that is gone (deleted between a check and the write) or still in use.
  if (sqliteCode(error) === "SQLITE_CONSTRAINT_FOREIGNKEY") return conflict("This refers to something that does not exist, or is still used by something else");
  const message = uniqueViolation(error);
  if (message === null) return null;
  // "UNIQUE constraint failed: index 'users_email_lower_unique'" or "...: connections.name, connections.kind"
  const index = /index '([^']+)'/.exec(message)?.[1];
  const known = index ? UNIQUE_INDEXES[index] : undefined;
  if (known) return conflict(`${known.what} with this ${known.field} already exists`, { [known.field]: `This ${known.field} is already taken` });
  const columns = [...message.matchAll(/\b\w+\.(\w+)/g)].map((m) => camel(m[1]));
  if (!columns.length) return conflict("This already exists");
  return conflict(`Another record with this ${columns.join(", ")} already exists`, Object.fromEntries(columns.map((c) => [c, `This ${c} is already taken`])));
}
