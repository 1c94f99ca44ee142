// Browser-side client for the native JSON API. Safe in client components: no server imports.
import type { FieldPath, FieldValues, UseFormSetError } from "react-hook-form";

export type ApiFieldErrors = Record<string, string>;

/** A failed API call, parsed from `{ error: { code, message, fields? } }`. */
export class ApiClientError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: ApiFieldErrors;

  constructor(status: number, code: string, message: string, fields: ApiFieldErrors = {}) {
    super(message);
    this.name = "ApiClientError";
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export type ApiFetchInit = Omit<RequestInit, "body"> & {
  /** Sent as JSON when given. */
  body?: unknown;
};

type ErrorEnvelope = { error?: { code?: unknown; message?: unknown; fields?: unknown } };

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toFieldErrors(value: unknown): ApiFieldErrors {
  if (!value || typeof value !== "object") return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** Calls the API with JSON in and out; throws ApiClientError for any non-2xx answer. 204 resolves to undefined. */
export async function apiFetch<T>(path: string, init: ApiFetchInit = {}): Promise<T> {
  const { body, headers: initHeaders, ...rest } = init;
  const headers = new Headers(initHeaders);
  headers.set("accept", "application/json");
  // The API refuses cookie-authenticated unsafe calls that are not JSON (CSRF): send {} without a body.
  const unsafe = !["GET", "HEAD"].includes((rest.method ?? "GET").toUpperCase());
  const payload = body !== undefined ? body : unsafe ? {} : undefined;
  if (payload !== undefined) headers.set("content-type", "application/json");

  let res: Response;
  try {
    res = await fetch(path, {
      credentials: "same-origin",
      ...rest,
      headers,
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
  } catch {
    throw new ApiClientError(0, "network_error", "Could not reach Switchyard. Check your connection and try again.");
  }

  const data = parseJson(await res.text());
  if (!res.ok) {
    const envelope = (data as ErrorEnvelope | undefined)?.error;
    const message =
      typeof envelope?.message === "string" && envelope.message
        ? envelope.message
        : `The request failed (${res.status}${res.statusText ? ` ${res.statusText}` : ""}).`;
    const code = typeof envelope?.code === "string" ? envelope.code : `http_${res.status}`;
    throw new ApiClientError(res.status, code, message, toFieldErrors(envelope?.fields));
  }
  return data as T;
}

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Try again.";
}

/**
 * Puts the server's per-field messages onto a react-hook-form form. Pass `fields` to map only the
 * fields the form has. Returns whether anything was mapped, so callers can fall back to a toast.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields?: readonly FieldPath<T>[],
): boolean {
  if (!(error instanceof ApiClientError)) return false;
  let first = true;
  for (const [name, message] of Object.entries(error.fields)) {
    if (fields && !fields.includes(name as FieldPath<T>)) continue;
    setError(name as FieldPath<T>, { type: "server", message }, { shouldFocus: first });
    first = false;
  }
  return !first;
}

/** A page of a native list: `nextCursor` asks for the next one, `total` counts every match. */
export type ListPage = { total: number; nextCursor: string | null };

/** A list URL with its filters and paging; empty values are left out. */
export function listPath(path: string, params: Record<string, string | number | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && String(v).trim() !== "") query.set(k, String(v).trim());
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}
