import type { DbTarget, Dialect } from "./types";
import { UriError } from "./uri";

// Zoomdata connections carry a JDBC URL plus USER_NAME and PASSWORD parameters.
const SUBPROTOCOLS: Record<string, Dialect | "impala"> = {
  postgresql: "postgresql",
  mysql: "mysql",
  mariadb: "mysql",
  sqlite: "sqlite",
  impala: "impala",
};

export type ParsedJdbc = { kind: Dialect | "impala"; target: DbTarget | null };

export function parseJdbcUrl(jdbcUrl: string, user?: string, password?: string): ParsedJdbc {
  const m = /^jdbc:([a-z0-9]+):(.*)$/i.exec(jdbcUrl.trim());
  if (!m) throw new UriError('A JDBC URL starts with "jdbc:<driver>:", e.g. jdbc:postgresql://host:5432/db');
  const kind = SUBPROTOCOLS[m[1].toLowerCase()];
  if (!kind) throw new UriError(`Unsupported JDBC driver "${m[1]}"; supported: ${Object.keys(SUBPROTOCOLS).join(", ")}`);
  if (kind === "sqlite") {
    const file = m[2].replace(/^\/\//, "");
    if (!file) throw new UriError("jdbc:sqlite: needs a file path");
    return { kind, target: { dialect: "sqlite", file } };
  }
  let url: URL;
  try {
    url = new URL(`x${m[2].startsWith("//") ? ":" : "://"}${m[2]}`);
  } catch {
    throw new UriError(`Cannot parse the JDBC URL "${jdbcUrl}"`);
  }
  if (!url.hostname) throw new UriError("The JDBC URL has no host");
  if (kind === "impala") return { kind, target: null };
  const params = Object.fromEntries(url.searchParams);
  const database = decodeURIComponent(url.pathname.replace(/^\//, "").split("/")[0] ?? "");
  if (!database) throw new UriError("The JDBC URL has no database name");
  return {
    kind,
    target: {
      dialect: kind,
      host: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      database,
      user: user || params.user || undefined,
      password: password || params.password || undefined,
      schema: kind === "postgresql" ? (params.currentSchema ?? "public") : undefined,
      params,
    },
  };
}
