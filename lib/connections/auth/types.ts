import type { ConnectionTestResult, KeyValue } from "../rest-schemas";

// The shape every REST auth type beyond None, Basic and Custom shares, so rest-service.ts only
// dispatches: which secrets a form carries, what the plain config keeps, what the API shows, where
// the secrets go, how Test checks them and what a run's script receives.

/** One secret of a form: `key` names it inside the stored secrets, `field` in the request and output. */
export type SecretField = { key: string; field: string; value: string; label: string };

export type AuthConfig = Record<string, unknown> & { authType: string; secretRefs?: Record<string, string> };
/** Decrypted (and, at use points, reference-resolved) secrets of the new types: { token: "…" }. */
export type FieldSecrets = Record<string, string>;

/** What a run's script receives: ready headers and query parameters, plus type-specific extras. */
export type RunAuth = {
  headers: Record<string, string>;
  params: Record<string, string>;
  extra?: Record<string, unknown>;
  // Values to redact from the run's output and logs.
  secrets: string[];
  // When the headers stop working (ms since epoch); the runner re-issues them before then.
  refreshAt?: number | null;
};

export type UseContext = {
  connectionId: string | null;
  version: string;
  /** Keys of secrets that hold a reference (a rotated value cannot be written back over them). */
  refKeys: ReadonlySet<string>;
  /** Stores a rotated secret back into the connection (only that key), in its own transaction. */
  storeSecret?: (key: string, value: string) => Promise<void>;
};

export type AuthModule<I> = {
  secretFields(input: I): SecretField[];
  plain(input: I): Record<string, unknown>;
  output(config: AuthConfig, shown: (field: string) => string): Record<string, unknown>;
  /** The host the secrets are sent to (a change requires them again). */
  target(config: Record<string, unknown>): string | null;
  test(config: AuthConfig, secrets: FieldSecrets, ctx: UseContext): Promise<ConnectionTestResult>;
  resolve(config: AuthConfig, secrets: FieldSecrets, ctx: UseContext): Promise<RunAuth>;
};

export const hostOf = (url: unknown): string | null => (typeof url === "string" && url && URL.canParse(url) ? new URL(url).host : null);

export const nothingToCall = (what: string): ConnectionTestResult => ({ ok: true, code: null, message: `Nothing to call: ${what}`, status: null, timeMs: null, excerpt: null });

export const failed = (message: string, code: ConnectionTestResult["code"] = null): ConnectionTestResult => ({ ok: false, code, message, status: null, timeMs: null, excerpt: null });

/** A URL with query parameters added (the query-style API key or session token). */
export function withParams(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

export const plainRows = (rows: KeyValue[]) => rows.map((r) => (r.secret ? { key: r.key, value: "", secret: true } : { key: r.key, value: r.value, secret: false }));
