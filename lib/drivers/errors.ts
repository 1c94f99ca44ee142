import { isDestinationNotAllowed } from "@/lib/net/policy";
import { DriverError } from "./types";

// Connect-phase failures are described in our own words only: the far end may be any service
// (an SSH banner, an HTTP error page), and quoting what it sent would make database tests a
// port scanner that reads banners. Errors after a session is open come from the database itself
// and keep its message (permission denied for table …).

const TLS_CODE = /^(ERR_TLS_\w+|ERR_SSL_\w+|[A-Z_]*CERT[A-Z_]*|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|EPROTO)$/;

/** Maps a network or server error from pg, mysql2 or ssh2 to a typed driver error. */
export function classify(error: unknown, what: string, phase: "connect" | "query" = "query"): DriverError {
  if (error instanceof DriverError) return error;
  if (isDestinationNotAllowed(error)) return new DriverError("destination_not_allowed", (error as Error).message);
  const e = error as Error & { code?: string; errno?: number; level?: string };
  const code = typeof e.code === "string" ? e.code : "";
  const msg = e.message ?? String(error);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return new DriverError("dns_not_found", `${what}: host not found`);
  if (code === "ECONNREFUSED") return new DriverError("connection_refused", `${what}: connection refused`);
  if (code === "ETIMEDOUT" || /timeout|timed out/i.test(msg)) return new DriverError("timeout", `${what}: no answer in time`);
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ECONNRESET" || code === "EPIPE") return new DriverError("network_error", `${what}: network error (${code})`);
  // PostgreSQL SQLSTATEs and MySQL error names.
  if (code === "28P01" || code === "28000" || code === "ER_ACCESS_DENIED_ERROR" || code === "ER_DBACCESS_DENIED_ERROR") return new DriverError("auth_failed", `${what}: authentication failed`);
  if (code === "3D000" || code === "ER_BAD_DB_ERROR") return new DriverError("database_not_found", `${what}: database not found`);
  if (TLS_CODE.test(code)) return new DriverError("tls_error", `${what}: TLS error (${code})`);
  if (/does not support SSL|server does not allow insecure/i.test(msg)) return new DriverError("tls_error", `${what}: the server and the connection disagree about TLS`);
  if (e.level === "client-authentication") return new DriverError("ssh_failed", `SSH authentication failed`);
  if (phase === "connect") {
    if (/^[0-9A-Z]{5}$/.test(code) || /^ER_/.test(code)) return new DriverError("query_failed", `${what}: the server refused the connection (${code})`);
    return new DriverError("protocol_error", `${what}: the server did not answer as the database was expected to (connection closed or unexpected data)`);
  }
  return new DriverError("query_failed", `${what}: ${msg}`);
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DriverError("timeout", `${what}: no answer within ${Math.round(ms / 1000)} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
