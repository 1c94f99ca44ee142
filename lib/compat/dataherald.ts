import "server-only";
import { NextResponse } from "next/server";
import { ApiError, type FieldErrors } from "@/lib/api/errors";
import type { ErrorFormatter } from "@/lib/api/handler";
import { readSecrets } from "@/lib/connections/store";
import type { Connection, TableDescription } from "@/lib/db/schema";
import { DatabaseError } from "@/lib/databases/errors";
import type { DatabaseConfig, DatabaseSecrets } from "@/lib/databases/service";
import { redactText, redactUri, uriPassword } from "@/lib/secrets/redact";
import { encrypt } from "@/lib/secrets/cipher";

// Dataherald's wire format (seed 002) over Switchyard's connections and table descriptions.
// Secrets go out as ciphertext, never as plain text, as Dataherald's own responses do.

const sealed = (v: string | undefined | null) => (v ? encrypt(v) : null);

export function toDataheraldConnection(row: Connection) {
  const c = row.config as DatabaseConfig;
  const s = readSecrets<DatabaseSecrets>(row);
  return {
    id: row.id,
    alias: row.name,
    dialect: c.dialect,
    use_ssh: c.use_ssh,
    connection_uri: sealed(s.connection_uri),
    path_to_credentials_file: c.path_to_credentials_file ?? null,
    llm_api_key: sealed(s.llm_api_key),
    ssh_settings: c.ssh
      ? { host: c.ssh.host, port: c.ssh.port, username: c.ssh.username, password: sealed(s.ssh_password), private_key_password: sealed(s.ssh_private_key_password) }
      : null,
    file_storage: c.file_storage
      ? { ...c.file_storage, access_key_id: sealed(s.file_storage_access_key_id), secret_access_key: sealed(s.file_storage_secret_access_key) }
      : null,
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
    columns: (t.columns as Record<string, unknown>[]).map((c) => ({
      name: c.name,
      data_type: c.data_type ?? null,
      description: c.description ?? null,
      is_primary_key: c.is_primary_key ?? false,
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

/** The request, minus its secrets, for the error's `detail`. */
function requestDetail(body: unknown): Record<string, unknown> {
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

export const dataheraldErrors: ErrorFormatter = (error, { requestId, body }) => {
  const known = requestSecrets(body);
  if (error instanceof DatabaseError) {
    return NextResponse.json(
      { error_code: error.dataheraldCode, message: redactText(error.message, known), description: redactText(error.description, known), detail: requestDetail(body) },
      { status: error.dataheraldStatus },
    );
  }
  if (error instanceof ApiError) {
    // FastAPI answers body validation errors with 422 and a `detail` list.
    if (error.code === "unprocessable_entity" && error.fields) return NextResponse.json({ detail: validationDetail(error.fields) }, { status: 422 });
    const message = redactText(error.message, known);
    return NextResponse.json({ error_code: error.code, message, description: message, detail: requestDetail(body) }, { status: error.status });
  }
  return NextResponse.json(
    { error_code: "internal_server_error", message: "Something went wrong on our side", description: `Quote request id ${requestId}`, detail: requestDetail(body) },
    { status: 500 },
  );
};
