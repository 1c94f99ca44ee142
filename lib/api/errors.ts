import type { z } from "zod";
import { isForeignKeyViolation, uniqueViolationOf } from "@/lib/db/unique-violation";
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

/**
 * Every error as the API answers it: ApiErrors as they are, a unique violation on either store (two
 * requests that both passed a check-then-insert, e.g. two createUser with one email; lib/db/unique-violation.ts)
 * as 409 naming the field;
 * null for anything else (a 500). The one place such mappings live, used by every surface.
 */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  // A reference to a row that is gone (deleted between a check and the write) or still in use.
  if (isForeignKeyViolation(error)) return conflict("This refers to something that does not exist, or is still used by something else");
  const violation = uniqueViolationOf(error);
  if (violation === null) return null;
  const { what, fields } = violation;
  const taken = Object.fromEntries(fields.map((f) => [f, `This ${f} is already taken`]));
  if (what && fields.length) return conflict(`${what} with this ${fields.join(", ")} already exists`, taken);
  if (!fields.length) return conflict("This already exists");
  return conflict(`Another record with this ${fields.join(", ")} already exists`, taken);
}
