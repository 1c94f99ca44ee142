import type { DbTarget, SshSettings } from "@/lib/drivers/types";

// The neutral description of a database connection: what every surface (the console, each compat
// adapter in lib/compat/) maps its own request to before calling the one create or update path.

export type DatabaseLocation = { host?: string; port?: number; database?: string; user?: string; schema?: string; file?: string };

export type DatabaseConnectionSpec = {
  name: string;
  // A dialect of lib/drivers/types.ts, or a kind this installation has no driver for (stored, not tested).
  dialect: string;
  // What the drivers dial, the password included; null when there is no driver here for the dialect.
  target: DbTarget | null;
  // Where it points when there is no target (display, and the rule that secrets follow the host).
  location?: DatabaseLocation;
  // The password of a connection without a target (kept encrypted for when a driver is added).
  password?: string | null;
  // A connection URI that carries everything (lib/drivers/uri.ts): kept encrypted and dialled from.
  uri?: string;
  // The URI or URL as the client wrote it; only its redacted form is stored.
  displayUri: string;
  ssh: SshSettings | null;
  // The schemas whose tables are discovered (the target's default schema when empty).
  schemas?: string[] | null;
  // A service account's credentials file (BigQuery needs one); undefined keeps the stored one.
  credentialsFile?: string | null;
  // The client's own annotations, kept as given; undefined keeps the stored ones.
  metadata?: Record<string, unknown> | null;
  // A surface's own non-secret settings, kept as given and handed back; an undefined key keeps its stored value.
  options?: Record<string, unknown>;
  // Further secrets (keys chosen by the surface), encrypted; an undefined value keeps the stored one, null clears it.
  secrets?: Record<string, string | null | undefined>;
  // The client sent no password (or the mask back): the stored one is meant, while the target is the same server.
  keepPassword?: boolean;
  // Which surface wrote it ("console", or a compat surface's name).
  source: string;
  // Refuse a database in which no table is found.
  requireTables?: boolean;
};

/** What is stored in `connections.config` for a database connection (never a secret). */
export type DatabaseConfig = DatabaseLocation & {
  source: string;
  dialect: string;
  // Redacted, for display.
  uri: string;
  // Driver parameters (never credentials) of a connection dialled from its fields rather than a URI.
  params?: Record<string, string>;
  use_ssh: boolean;
  ssh?: { host: string; port: number; username: string } | null;
  schemas?: string[] | null;
  path_to_credentials_file?: string | null;
  metadata?: Record<string, unknown> | null;
  options?: Record<string, unknown>;
  lastTest?: { ok: boolean; code: string | null; message: string; at: string } | null;
  // Which secrets are stored, and the secret references among them by field ({ password: "$__env{PG_PASSWORD}" }),
  // so outputs never decrypt; absent on rows saved before (lib/databases/native.ts decrypts those).
  secretFields?: string[];
  secretRefs?: Record<string, string>;
};

/** What is stored, encrypted, in `connections.secrets`; surfaces may add keys of their own. */
export type DatabaseSecrets = {
  connection_uri?: string;
  password?: string;
  // The password of rows written before `password` (JDBC connections).
  jdbc_password?: string;
  ssh_password?: string;
  ssh_private_key?: string;
  ssh_private_key_password?: string;
  [key: string]: string | undefined;
};
