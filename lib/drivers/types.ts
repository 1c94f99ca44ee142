// What the drivers need to reach a database, whichever surface described it (a connection URI,
// a JDBC URL, the console's form).
export const DIALECTS = ["postgresql", "mysql", "sqlite", "mssql", "databricks", "snowflake", "clickhouse", "awsathena", "duckdb", "bigquery"] as const;
export type Dialect = (typeof DIALECTS)[number];

// Dialects with a driver in this build; the others are validated and stored but cannot be tested.
export const AVAILABLE_DIALECTS: Dialect[] = ["postgresql", "mysql", "sqlite"];

export type DbTarget = {
  dialect: Dialect;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  // SQLite: the database file.
  file?: string;
  // The default schema (PostgreSQL search_path, or the database for MySQL).
  schema?: string;
  params?: Record<string, string>;
};

export type SshSettings = {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  privateKeyPassword?: string;
};

export type ColumnInfo = { name: string; dataType: string; nullable: boolean; isPrimaryKey: boolean };
// `type` is what listTables reports (a view is scanned like a table); scanTable needs only schema and name.
export type TableRef = { schema: string; name: string; type?: "table" | "view" };
export type TableScan = { columns: ColumnInfo[]; rowCount: number; samples: Record<string, unknown>[]; ddl: string };

export interface DbSession {
  listSchemas(): Promise<string[]>;
  listTables(schema?: string): Promise<TableRef[]>;
  scanTable(table: TableRef): Promise<TableScan>;
  close(): Promise<void>;
}

export const DRIVER_ERROR_CODES = [
  "dns_not_found",
  "connection_refused",
  "timeout",
  "auth_failed",
  "database_not_found",
  "tls_error",
  "driver_unavailable",
  "ssh_failed",
  "not_allowed",
  "destination_not_allowed",
  "network_error",
  "protocol_error",
  "query_failed",
] as const;
export type DriverErrorCode = (typeof DRIVER_ERROR_CODES)[number];

export class DriverError extends Error {
  constructor(
    readonly code: DriverErrorCode,
    message: string,
    // Which hop failed, when it matters for the field to blame: the SSH server or the database.
    readonly via: "ssh" | "database" = "database",
  ) {
    super(message);
    this.name = "DriverError";
  }
}

/** JSON-safe sample values: dates as ISO text, big numbers and buffers as text. */
export function plainValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (typeof v === "bigint") return v.toString();
  if (Buffer.isBuffer(v)) return `<${v.length} bytes>`;
  if (typeof v === "object") return JSON.parse(JSON.stringify(v));
  return v;
}
