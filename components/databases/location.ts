import type { DatabaseConnectionOut } from "@/lib/databases/native-schemas";

/** Where a connection points, for lists: host:port/database, the SQLite file, or the redacted URI. */
export function locationOf(d: Pick<DatabaseConnectionOut, "file" | "host" | "port" | "database" | "uri">): string {
  if (d.file) return d.file;
  if (d.host) return `${d.host}${d.port ? `:${d.port}` : ""}${d.database ? `/${d.database}` : ""}`;
  return d.uri;
}
