// The one table from error code to HTTP status for the native API.
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable_entity: 422,
  // The outbound policy (lib/net) refused the address a request asked the server to dial.
  destination_not_allowed: 422,
  rate_limited: 429,
  // A server the request needs (a provisioning backend) cannot be reached now; sent with Retry-After.
  service_unavailable: 503,
  internal_server_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
