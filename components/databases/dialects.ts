import { AVAILABLE_DIALECTS, DIALECTS, type Dialect } from "@/lib/drivers/types";

// Words for the Dataherald dialects (seed 002) and the codes their tests answer with.

export const DIALECT_LABEL: Record<Dialect, string> = {
  postgresql: "PostgreSQL",
  mysql: "MySQL / MariaDB",
  sqlite: "SQLite",
  mssql: "MS SQL Server",
  databricks: "Databricks",
  snowflake: "Snowflake",
  clickhouse: "ClickHouse",
  awsathena: "AWS Athena",
  duckdb: "MotherDuck",
  bigquery: "BigQuery",
};

/** Dialects this server can connect to, list and scan; the rest are validated and stored for API clients. */
export const DRIVER_DIALECTS = DIALECTS.filter((d) => AVAILABLE_DIALECTS.includes(d));
export const STORED_ONLY_DIALECTS = DIALECTS.filter((d) => !AVAILABLE_DIALECTS.includes(d));
export const STORED_ONLY = "stored only: no driver here";

export const DEFAULT_PORT: Partial<Record<Dialect, number>> = { postgresql: 5432, mysql: 3306 };

export function isDialect(value: string): value is Dialect {
  return (DIALECTS as readonly string[]).includes(value);
}

export function hasDriver(dialect: Dialect): boolean {
  return AVAILABLE_DIALECTS.includes(dialect);
}

/** PostgreSQL and MySQL can be described field by field; the others by their URI (SQLite by its file). */
export function hasFieldsMode(dialect: Dialect): boolean {
  return dialect === "postgresql" || dialect === "mysql";
}

export function dialectLabel(dialect: string): string {
  return isDialect(dialect) ? DIALECT_LABEL[dialect] : dialect;
}

export const DATABASE_TEST_CODE_LABEL: Record<string, string> = {
  invalid_database_connection: "Could not connect",
  ssh_invalid_database_connection: "SSH tunnel failed",
  invalid_database_uri_format: "Invalid connection URI",
  empty_database: "No tables found",
  driver_unavailable: "No driver here",
  db_connection_alias_exists: "Name already taken",
};

export function databaseTestCodeLabel(code: string | null | undefined): string {
  if (!code) return "Failed";
  return DATABASE_TEST_CODE_LABEL[code] ?? code.replace(/_/g, " ");
}

export const SOURCE_LABEL: Record<string, string> = { console: "Console", dataherald: "Dataherald API", zoomdata: "Zoomdata API" };
