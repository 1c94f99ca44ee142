// Which API surface a path belongs to, and the error bodies the HTTP server's guards answer with
// (lib/api/raw-methods.ts): a path that does not decode (Next answers a bare 500 before any route
// runs) and a method the route does not have (Next's empty 405). No server imports, so proxy.ts can
// use it too; surfaces.test.ts checks each body equals what the surface's own formatter
// (lib/compat/*.ts) answers for the same error.

export type ApiSurface = "native" | "pivot" | "dataherald" | "zoomdata" | "keboola";

/** The surface of an API path; null for console pages and next-auth's own /api/auth. */
export function surfaceOf(pathname: string): ApiSurface | null {
  if (/^\/api\/auth(\/|$)/.test(pathname)) return null;
  if (/^\/api\/v1\/connections(\/|$)/.test(pathname)) return "pivot";
  if (/^\/api\/v1(\/|$)/.test(pathname)) return "dataherald";
  // The hosted Dataherald API's paths (its official Python SDK's), beside the engine's /api/v1.
  if (/^\/api\/(database-connections|table-descriptions)(\/|$)/.test(pathname) || /^\/heartbeat\/?$/.test(pathname)) return "dataherald";
  if (/^\/api(\/|$)/.test(pathname)) return "native";
  if (/^\/zoomdata(\/|$)/.test(pathname)) return "zoomdata";
  if (/^\/(provisioning|queue)(\/|$)/.test(pathname)) return "keboola";
  return null;
}

/** The first path segment that is not valid percent-encoded UTF-8, or null. */
export function undecodableSegment(pathname: string): string | null {
  for (const segment of pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}

/**
 * An error's message with its field errors, each said once: a validation error's message already
 * lists its fields ("Invalid request body: name: Required"), other errors may not.
 */
export function messageWithFields(message: string, fields?: Record<string, string>): string {
  const missing = Object.entries(fields ?? {}).filter(([, v]) => !message.includes(v));
  return missing.length ? `${message}: ${missing.map(([k, v]) => `${k}: ${v}`).join("; ")}` : message;
}

/** HTTP reason phrases, for envelopes that carry one (Zoomdata's `error`). */
export const REASONS: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 413: "Payload Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Entity", 429: "Too Many Requests", 500: "Internal Server Error" };

/** Keboola's APIs (provisioning, queue) answer errors as {"error", "message", "code", "status": "error"}; its clients read `message`. */
export function keboolaErrorBody(status: number, message: string, requestId: string) {
  return { error: message, message, code: status, status: "error", exceptionId: requestId };
}

/** The error body of a surface for an error the proxy answers (never a 422 with fields). */
export function surfaceErrorBody(surface: ApiSurface, status: number, code: string, message: string, requestId: string): unknown {
  switch (surface) {
    case "native":
      return { error: { code, message, requestId } };
    case "pivot":
      return { error: code === "not_found" ? "Not found." : message };
    case "dataherald":
      return { error_code: code, message, description: message, detail: {} };
    case "zoomdata":
      return { timestamp: Date.now(), status, error: REASONS[status] ?? "Error", message };
    case "keboola":
      return keboolaErrorBody(status, message, requestId);
  }
}
