import { DriverError } from "./types";

/** Maps a network or server error from pg, mysql2 or ssh2 to a typed driver error. */
export function classify(error: unknown, what: string): DriverError {
  if (error instanceof DriverError) return error;
  const e = error as Error & { code?: string; errno?: number; level?: string };
  const code = e.code ?? "";
  const msg = e.message ?? String(error);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new DriverError("dns_not_found", `${what}: host not found (${msg})`);
  if (code === "ECONNREFUSED") return new DriverError("connection_refused", `${what}: connection refused (${msg})`);
  if (code === "ETIMEDOUT" || /timeout|timed out/i.test(msg)) return new DriverError("timeout", `${what}: no answer in time (${msg})`);
  // PostgreSQL SQLSTATEs and MySQL error names.
  if (code === "28P01" || code === "28000" || code === "ER_ACCESS_DENIED_ERROR" || code === "ER_DBACCESS_DENIED_ERROR") return new DriverError("auth_failed", `${what}: authentication failed (${msg})`);
  if (code === "3D000" || code === "ER_BAD_DB_ERROR") return new DriverError("database_not_found", `${what}: database not found (${msg})`);
  if (/ssl|tls|certificate|self.signed/i.test(msg) || /^ERR_TLS|CERT_/.test(code)) return new DriverError("tls_error", `${what}: TLS error (${msg})`);
  if (e.level === "client-authentication") return new DriverError("ssh_failed", `SSH authentication failed (${msg})`);
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
