import { isMaskValue, parseUriParts, redactUri, uriCredentials, withoutUserinfo } from "@/lib/secrets/redact";
import type { DbTarget, Dialect } from "./types";
import { UriError } from "./uri";

// JDBC connections carry a URL plus a user and a password. A password may
// also sit in the URL itself (user:password@, ?password=, ;password= or ;PWD=): it is used, kept
// in the encrypted secrets, and never stored or shown in the URL (DESIGN §3).
const SUBPROTOCOLS: Record<string, Dialect | "impala"> = {
  postgresql: "postgresql",
  mysql: "mysql",
  mariadb: "mysql",
  sqlite: "sqlite",
  impala: "impala",
  // Impala speaks HiveServer2: its clients are often told to use the Hive2 driver's URLs
  // (jdbc:hive2://<server>:<port>/;auth=noSasl).
  hive2: "impala",
};

// Where the URL points, for every kind, including those without a driver here (no `target`).
export type JdbcLocation = { host?: string; port?: number; database?: string; user?: string; file?: string; properties: Record<string, string> };
export type ParsedJdbc = { kind: Dialect | "impala"; target: DbTarget | null; location: JdbcLocation };

const PASSWORD_NAMES = new Set(["password", "pwd", "passwd", "pass"]);

const dec = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Name/value pairs of the URL's ";name=value" properties and "?name=value" query, decoded. */
function jdbcProperties(jdbcUrl: string): [string, string][] {
  const p = parseUriParts(jdbcUrl.trim());
  if (!p) return [];
  const pairs = [...p.path.split(";").slice(1), ...(p.query ?? "").split(/[&;]/)];
  return pairs.flatMap((pair) => {
    const eq = pair.indexOf("=");
    return eq > 0 ? [[dec(pair.slice(0, eq)), dec(pair.slice(eq + 1))] as [string, string]] : [];
  });
}

/**
 * The password written into a JDBC URL, decoded: "masked" when it is the mask a client read back
 * (so the stored one is meant), undefined when the URL has none.
 */
export function jdbcUrlPassword(jdbcUrl: string): { password?: string; masked: boolean } {
  const fromUserinfo = uriCredentials(jdbcUrl).password;
  const fromProps = jdbcProperties(jdbcUrl).find(([k]) => PASSWORD_NAMES.has(k.toLowerCase()))?.[1];
  const found = fromUserinfo || fromProps || undefined;
  if (found && isMaskValue(found)) return { masked: true };
  return { password: found, masked: false };
}

export function parseJdbcUrl(jdbcUrl: string, user?: string, password?: string): ParsedJdbc {
  const m = /^jdbc:([a-z0-9]+):(.*)$/i.exec(jdbcUrl.trim());
  if (!m) throw new UriError('A JDBC URL starts with "jdbc:<driver>:", e.g. jdbc:postgresql://host:5432/db');
  const kind = SUBPROTOCOLS[m[1].toLowerCase()];
  if (!kind) throw new UriError(`Unsupported JDBC driver "${m[1]}"; supported: ${Object.keys(SUBPROTOCOLS).join(", ")}`);
  if (kind === "sqlite") {
    const file = m[2].replace(/^\/\//, "");
    if (!file) throw new UriError("jdbc:sqlite: needs a file path");
    return { kind, target: { dialect: "sqlite", file }, location: { file, properties: {} } };
  }
  let url: URL;
  try {
    const rest = m[2].startsWith("//") ? withoutUserinfo(`x:${m[2]}`) : `x://${m[2]}`;
    // ";name=value" properties are not part of the database name.
    url = new URL(rest.replace(/;[^?#]*/, ""));
  } catch {
    throw new UriError(`Cannot parse the JDBC URL "${redactUri(jdbcUrl)}"`);
  }
  if (!url.hostname) throw new UriError("The JDBC URL has no host");
  const params = Object.fromEntries(url.searchParams);
  const named = dec(url.pathname.replace(/^\//, "").split("/")[0] ?? "");
  const props = Object.fromEntries(jdbcProperties(jdbcUrl).map(([k, v]) => [k.toLowerCase(), v]));
  const userGiven = user || uriCredentials(jdbcUrl).user || props.user || props.uid || undefined;
  // Credentials never travel on in the properties.
  const properties = Object.fromEntries(jdbcProperties(jdbcUrl).filter(([k]) => !PASSWORD_NAMES.has(k.toLowerCase())));
  const port = url.port ? Number(url.port) : undefined;
  // HiveServer2 URLs may leave the database out (".../;auth=noSasl"): Impala's is then "default".
  if (kind === "impala") return { kind, target: null, location: { host: url.hostname, port, database: named || "default", user: userGiven, properties } };
  const database = named;
  if (!database) throw new UriError("The JDBC URL has no database name");
  const inUrl = jdbcUrlPassword(jdbcUrl);
  return {
    location: { host: url.hostname, port, database, user: userGiven, properties },
    kind,
    target: {
      dialect: kind,
      host: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      database,
      user: user || uriCredentials(jdbcUrl).user || props.user || undefined,
      password: password || inUrl.password || undefined,
      schema: kind === "postgresql" ? (params.currentSchema ?? "public") : undefined,
      // Credentials never travel on in the parameters.
      params: Object.fromEntries(Object.entries(params).filter(([k]) => !PASSWORD_NAMES.has(k.toLowerCase()))),
    },
  };
}
