import type { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "./error-codes";

export type FieldErrors = Record<string, string>;

// Thrown by services and the route wrapper; turned into { error: { code, message, fields? } }.
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

  toBody() {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
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
