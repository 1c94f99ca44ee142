import type { ConnectionKind } from "@/lib/db/enums";

// Words for the codes and enums the connections API uses, shared by the list, the dialog and the feed wizard.

export const KIND_LABEL: Record<ConnectionKind, string> = { rest: "REST", druid: "Druid", database: "Database" };

export const AUTH_TYPE_LABEL: Record<"none" | "basic" | "custom" | "bearer" | "apiKey" | "oauth2" | "sessionToken", string> = {
  none: "No Auth",
  basic: "Basic Auth",
  custom: "Custom Auth",
  bearer: "Bearer Token",
  apiKey: "API Key",
  oauth2: "OAuth 2.0",
  sessionToken: "Session Token",
};

export const TEST_CODE_LABEL: Record<string, string> = {
  dns_not_found: "Host not found",
  connection_refused: "Connection refused",
  timeout: "Timed out",
  tls_error: "TLS error",
  http_4xx: "HTTP 4xx",
  http_5xx: "HTTP 5xx",
  invalid_json: "Response is not JSON",
  network_error: "Network error",
  secret_reference_unresolved: "Secret reference not resolved",
  // Database connections answer with Dataherald's codes (seed 002).
  invalid_database_connection: "Could not connect",
  ssh_invalid_database_connection: "SSH tunnel failed",
  invalid_database_uri_format: "Invalid URI",
  empty_database: "No tables",
  driver_unavailable: "No driver here",
};

const DIALECT_LABEL: Record<string, string> = {
  postgres: "PostgreSQL",
  postgresql: "PostgreSQL",
  mysql: "MySQL",
  mariadb: "MariaDB",
  sqlite: "SQLite",
  redshift: "Redshift",
  snowflake: "Snowflake",
  bigquery: "BigQuery",
  mssql: "SQL Server",
  sqlserver: "SQL Server",
  oracle: "Oracle",
  databricks: "Databricks",
};

export function testCodeLabel(code: string | null | undefined): string {
  if (!code) return "Failed";
  return TEST_CODE_LABEL[code] ?? code.replace(/_/g, " ");
}

/** The list's "auth type or dialect" column: No Auth / Basic Auth / Custom Auth, PostgreSQL, MySQL… */
export function connectionDetailLabel(kind: ConnectionKind, detail: string): string {
  if (kind === "rest") return AUTH_TYPE_LABEL[detail as keyof typeof AUTH_TYPE_LABEL] ?? detail;
  if (kind === "druid") return detail === "druid" ? "Apache Druid" : detail;
  return DIALECT_LABEL[detail.toLowerCase()] ?? detail;
}
