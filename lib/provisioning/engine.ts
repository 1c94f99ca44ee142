import "server-only";
import { ApiError } from "@/lib/api/errors";
import { DriverError } from "@/lib/drivers/types";
import { log } from "@/lib/log";

// What a backend's administrative connection does on its server. One implementation per server
// kind (mysql-engine.ts, postgres-engine.ts); the verbs (create-credentials.ts …) call these.

export type SandboxNames = { user: string; db: string; schema: string };

export interface Engine {
  /** Creates the database (or schema) and a login limited to it. */
  create(names: SandboxNames, password: string): Promise<void>;
  /** Open sessions per login, for `inUse`. */
  sessions(users: string[]): Promise<Map<string, number>>;
  /** Ends every session of the login; returns how many. */
  kill(user: string): Promise<number>;
  /** Ends the sessions, drops the login and its database (or schema). Safe to repeat. */
  drop(names: SandboxNames): Promise<void>;
}

// Clients retry a 503 after Retry-After (Keboola's PHP client waits 60 s without one).
export const RETRY_AFTER_SECONDS = 5;

/** A failure of the backend's server, as the API answers it: 503 with a short Retry-After; never the server's own words at connect time. */
export function backendUnavailable(backend: string, error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof DriverError ? error.message : (error as Error)?.message ?? String(error);
  log.warn("Provisioning backend failed", { backend, error: message });
  return new ApiError("service_unavailable", `The ${backend} backend's server did not do what was asked (${message}); try again shortly`, undefined, { "retry-after": String(RETRY_AFTER_SECONDS) });
}
