import "server-only";
import { NextResponse } from "next/server";
import { ApiError, type FieldErrors } from "@/lib/api/errors";
import type { ErrorFormatter } from "@/lib/api/handler";
import { readSecrets } from "@/lib/connections/store";
import type { Connection, ConnectionOf, TableDescription } from "@/lib/db/tables";
import type { DatabaseConfig, DatabaseConnectionSpec, DatabaseSecrets } from "@/lib/databases/connection-spec";
import { DatabaseError, type DatabaseErrorReason } from "@/lib/databases/errors";
import { uriConnectionSpec } from "@/lib/databases/uri-input";
import { encrypt } from "@/lib/secrets/cipher";
import { loadKeyring, type Keyring } from "@/lib/secrets/keyring";
import { refOrNull } from "@/lib/secrets/refs";
import { redactText, redactUri, uriPassword } from "@/lib/secrets/redact";
import type { DataheraldConnectionInput } from "./dataherald-schemas";

// Dataherald's wire format (seed 002) over Switchyard's connections and table descriptions: its
// body mapped to the neutral spec, rows mapped back, and its error codes. Secrets go out as
// ciphertext, never as plain text, as Dataherald's own responses do.

export const SURFACE = "dataherald";

// Settings only this surface has; rows written before `options` kept them at the top of config.
type Options = { file_storage?: { name: string; region?: string | null; bucket?: string | null } | null };
const optionsOf = (c: DatabaseConfig) => ({ ...(c as Options), ...(c.options as Options | undefined) });

/**
 * The engine's body as the neutral spec (`previous`: the row a PUT changes, whose settings a field
 * left out keeps). An empty URI is a malformed URI, not a missing field.
 */
export function specOfDataherald(body: DataheraldConnectionInput, previous?: ConnectionOf<"database">): DatabaseConnectionSpec {
  if (!body.connection_uri) throw new DatabaseError("invalid_database_uri_format", "Invalid URI format", "connection_uri is empty", { connection_uri: "Give the database's URI" });
  const fs = body.file_storage === undefined && previous ? optionsOf(previous.config).file_storage : body.file_storage;
  const file = body.credential_file_content;
  return {
    ...uriConnectionSpec({ name: body.alias, uri: body.connection_uri, useSsh: body.use_ssh, ssh: body.ssh_settings, schemas: body.schemas, source: SURFACE }),
    credentialsFile: body.path_to_credentials_file,
    metadata: body.metadata,
    options: { file_storage: fs === undefined ? undefined : fs ? { name: fs.name, region: fs.region, bucket: fs.bucket } : null },
    secrets: {
      llm_api_key: body.llm_api_key,
      file_storage_access_key_id: body.file_storage === undefined ? undefined : (body.file_storage?.access_key_id ?? null),
      file_storage_secret_access_key: body.file_storage === undefined ? undefined : (body.file_storage?.secret_access_key ?? null),
      credential_file_content: file === undefined ? undefined : file === null ? null : typeof file === "string" ? file : JSON.stringify(file),
    },
  };
}

// A secret reference is shown as written (it is no secret); a value goes out as ciphertext.
const sealed = (v: string | undefined | null, ring: Keyring) => (v ? (refOrNull(v) ?? encrypt(v, ring)) : null);

type Sealed = Record<"connection_uri" | "llm_api_key" | "ssh_password" | "ssh_private_key_password" | "file_storage_access_key_id" | "file_storage_secret_access_key", string | null>;
const NOTHING_SEALED: Sealed = { connection_uri: null, llm_api_key: null, ssh_password: null, ssh_private_key_password: null, file_storage_access_key_id: null, file_storage_secret_access_key: null };

// A row's secrets as they go out, by its stored ciphertext and the current key: the same stored
// secrets give the same answer until they are written again (a new ciphertext) or the key rotates
// (a new current key, then re-encrypted rows). A list of a thousand then decrypts and encrypts only
// rows it has not answered before, instead of every row each time. Only ciphertexts are kept.
const SEALED_MAX = 10_000;
const sealedBySecrets = new Map<string, Sealed>();

function sealedSecretsOf(row: Pick<Connection, "secrets">): Sealed {
  if (!row.secrets) return NOTHING_SEALED;
  const ring = loadKeyring();
  const key = `${ring.currentId} ${row.secrets}`;
  const hit = sealedBySecrets.get(key);
  if (hit) return hit;
  const s = readSecrets<DatabaseSecrets>(row);
  const out: Sealed = {
    connection_uri: sealed(s.connection_uri, ring),
    llm_api_key: sealed(s.llm_api_key, ring),
    ssh_password: sealed(s.ssh_password, ring),
    ssh_private_key_password: sealed(s.ssh_private_key_password, ring),
    file_storage_access_key_id: sealed(s.file_storage_access_key_id, ring),
    file_storage_secret_access_key: sealed(s.file_storage_secret_access_key, ring),
  };
  if (sealedBySecrets.size >= SEALED_MAX) sealedBySecrets.clear();
  sealedBySecrets.set(key, out);
  return out;
}

export function toDataheraldConnection(row: ConnectionOf<"database">) {
  const c = row.config;
  const s = sealedSecretsOf(row);
  const fs = optionsOf(c).file_storage;
  return {
    id: row.id,
    alias: row.name,
    dialect: c.dialect,
    use_ssh: c.use_ssh,
    connection_uri: s.connection_uri,
    path_to_credentials_file: c.path_to_credentials_file ?? null,
    llm_api_key: s.llm_api_key,
    ssh_settings: c.ssh ? { host: c.ssh.host, port: c.ssh.port, username: c.ssh.username, password: s.ssh_password, private_key_password: s.ssh_private_key_password } : null,
    file_storage: fs ? { ...fs, access_key_id: s.file_storage_access_key_id, secret_access_key: s.file_storage_secret_access_key } : null,
    metadata: c.metadata ?? null,
    schemas: c.schemas ?? null,
    created_at: row.createdAt.toISOString(),
  };
}

export function toDataheraldTable(t: TableDescription) {
  return {
    id: t.id,
    db_connection_id: t.connectionId,
    schema_name: t.schemaName,
    table_name: t.tableName,
    description: t.description,
    table_schema: t.tableSchema,
    columns: t.columns.map((c) => ({
      name: c.name,
      data_type: c.data_type ?? null,
      description: c.description ?? null,
      is_primary_key: Boolean(c.is_primary_key),
      foreign_key: null,
      low_cardinality: false,
      categories: null,
    })),
    examples: t.examples,
    row_count: t.rowCount,
    last_schema_sync: t.lastScannedAt?.toISOString() ?? null,
    status: t.status,
    error_message: t.errorMessage,
    metadata: t.metadata ?? null,
    created_at: t.createdAt.toISOString(),
  };
}

/** The engine's error code and status for each reason; the hosted API names a missing connection differently. */
const CODES: Record<DatabaseErrorReason, { status: number; code?: string; hosted?: string }> = {
  invalid_database_connection: { status: 400 },
  invalid_database_uri_format: { status: 400 },
  ssh_invalid_database_connection: { status: 400 },
  empty_database: { status: 400 },
  db_connection_alias_exists: { status: 400 },
  invalid_object_id: { status: 400 },
  database_connection_not_found: { status: 404, hosted: "db_connection_not_found" },
  table_description_not_found: { status: 404 },
  invalid_column_name: { status: 400 },
  driver_unavailable: { status: 400 },
  destination_not_allowed: { status: 400 },
};

/** The request, minus its secrets, for the error's `detail`. */
function requestDetail(body: unknown): Record<string, unknown> {
  if (Array.isArray(body)) return body.length ? requestDetail(body[0]) : {};
  if (!body || typeof body !== "object") return {};
  const b = body as Record<string, unknown>;
  const ssh = b.ssh_settings as Record<string, unknown> | undefined;
  return {
    ...(b.alias !== undefined ? { alias: b.alias } : {}),
    ...(b.use_ssh !== undefined ? { use_ssh: b.use_ssh } : {}),
    ...(typeof b.connection_uri === "string" ? { connection_uri: redactUri(b.connection_uri) } : {}),
    ...(b.path_to_credentials_file !== undefined ? { path_to_credentials_file: b.path_to_credentials_file } : {}),
    ...(ssh ? { ssh_settings: { host: ssh.host, port: ssh.port, username: ssh.username } } : {}),
    ...(b.db_connection_id !== undefined ? { db_connection_id: b.db_connection_id } : {}),
    ...(b.table_names !== undefined ? { table_names: b.table_names } : {}),
  };
}

/** The secret values a request carried, so no message of its answer can quote them. */
function requestSecrets(body: unknown): string[] {
  if (!body || typeof body !== "object") return [];
  const b = body as Record<string, unknown>;
  const ssh = (b.ssh_settings ?? {}) as Record<string, unknown>;
  const fs = (b.file_storage ?? {}) as Record<string, unknown>;
  const values = [
    typeof b.connection_uri === "string" ? uriPassword(b.connection_uri) : undefined,
    b.llm_api_key,
    typeof b.credential_file_content === "string" ? b.credential_file_content : undefined,
    ssh.password,
    ssh.private_key,
    ssh.private_key_password,
    fs.access_key_id,
    fs.secret_access_key,
  ];
  return values.filter((v): v is string => typeof v === "string" && v.length > 0);
}

function validationDetail(fields: FieldErrors) {
  return Object.entries(fields).map(([path, msg]) => ({
    loc: ["body", ...path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p))],
    msg,
    type: /required/i.test(msg) ? "value_error.missing" : "value_error",
  }));
}

function formatter(api: "engine" | "hosted"): ErrorFormatter {
  return (error, { requestId, body }) => {
    const known = requestSecrets(body);
    if (error instanceof DatabaseError) {
      const code = CODES[error.reason];
      const errorCode = (api === "hosted" ? code.hosted : undefined) ?? code.code ?? error.reason;
      return NextResponse.json({ error_code: errorCode, message: redactText(error.message, known), description: redactText(error.description, known), detail: requestDetail(body) }, { status: code.status });
    }
    if (error instanceof ApiError) {
      // FastAPI answers body validation errors with 422 and a `detail` list.
      if (error.code === "unprocessable_entity" && error.fields) return NextResponse.json({ detail: validationDetail(error.fields) }, { status: 422 });
      const message = redactText(error.message, known);
      return NextResponse.json({ error_code: error.code, message, description: message, detail: requestDetail(body) }, { status: error.status, headers: error.headers });
    }
    return NextResponse.json({ error_code: "internal_server_error", message: "Something went wrong on our side", description: `Quote request id ${requestId}`, detail: requestDetail(body) }, { status: 500 });
  };
}

// The engine's /api/v1 paths, and the hosted API's /api paths (the official Python SDK's).
export const dataheraldErrors = formatter("engine");
export const hostedDataheraldErrors = formatter("hosted");
