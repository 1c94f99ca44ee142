import "server-only";
import type { SshSettings } from "@/lib/drivers/types";
import { parseConnectionUri, UnsupportedSchemeError, UriError, type ParsedUri } from "@/lib/drivers/uri";
import { isMaskValue, uriPassword } from "@/lib/secrets/redact";
import type { DatabaseConnectionSpec } from "./connection-spec";
import { DatabaseError } from "./errors";

// Connections described by a connection URI (postgresql+psycopg2://…, sqlite:///…), as the
// console's form and URI-speaking surfaces send them, mapped to the neutral spec.

export type UriSshSettings = { host: string; port: number; username: string; password?: string | null; private_key?: string | null; private_key_password?: string | null };

export type UriConnectionInput = {
  name: string;
  uri: string;
  useSsh: boolean;
  ssh?: UriSshSettings | null;
  schemas?: string[] | null;
  source: string;
};

/**
 * The URI parsed, or why not: a well-formed URI of an unknown scheme cannot be connected to (and
 * through SSH, the tunnel is what failed); anything else is a malformed URI.
 */
export function parseUriInput(uri: string, viaSsh = false): ParsedUri {
  try {
    return parseConnectionUri(uri);
  } catch (e) {
    if (e instanceof UnsupportedSchemeError) {
      throw new DatabaseError(viaSsh ? "ssh_invalid_database_connection" : "invalid_database_connection", "Unable to connect to the database", e.message, { connection_uri: e.message });
    }
    if (e instanceof UriError) throw new DatabaseError("invalid_database_uri_format", "Invalid URI format", e.message, { connection_uri: e.message });
    throw e;
  }
}

export function sshSettingsOf(useSsh: boolean, s: UriSshSettings | null | undefined): SshSettings | null {
  if (!useSsh) return null;
  if (!s) throw new DatabaseError("ssh_invalid_database_connection", "SSH settings are missing", "use_ssh is true but ssh_settings is empty", { ssh_settings: "Required when use_ssh is true" });
  if (!s.password && !s.private_key) {
    throw new DatabaseError("ssh_invalid_database_connection", "SSH needs a password or a private key", "Give ssh_settings.password or ssh_settings.private_key", { "ssh_settings.password": "Give a password or a private key" });
  }
  return { host: s.host, port: s.port, username: s.username, password: s.password ?? undefined, privateKey: s.private_key ?? undefined, privateKeyPassword: s.private_key_password ?? undefined };
}

/** The neutral spec of a URI connection; the SSH settings are checked first, as the tunnel comes first. */
export function uriConnectionSpec(input: UriConnectionInput): DatabaseConnectionSpec {
  const ssh = sshSettingsOf(input.useSsh, input.ssh);
  const parsed = parseUriInput(input.uri, input.useSsh);
  return {
    name: input.name,
    dialect: parsed.dialect,
    target: parsed.target,
    uri: input.uri,
    displayUri: input.uri,
    ssh,
    schemas: input.schemas,
    // The URI shown back carries the mask for its password: written back, it means the stored one.
    keepPassword: isMaskValue(uriPassword(input.uri)),
    source: input.source,
    requireTables: true,
  };
}
