import { redactUri as redactDisplayUri, uriCredentials, withoutUserinfo } from "@/lib/secrets/redact";
import type { DbTarget, Dialect } from "./types";

// Connection URIs in the SQLAlchemy forms seed 002 documents for each warehouse, and the
// redacted text that may be shown to people.

export class UriError extends Error {}

// A well-formed URI whose scheme no dialect has: the URI is fine, the database is not reachable.
export class UnsupportedSchemeError extends UriError {}

const SCHEMES: Record<string, Dialect> = {
  "postgresql+psycopg2": "postgresql",
  postgresql: "postgresql",
  postgres: "postgresql",
  "mysql+pymysql": "mysql",
  mysql: "mysql",
  mariadb: "mysql",
  "mariadb+pymysql": "mysql",
  "mssql+pymssql": "mssql",
  databricks: "databricks",
  snowflake: "snowflake",
  "clickhouse+http": "clickhouse",
  "clickhouse+https": "clickhouse",
  "awsathena+rest": "awsathena",
  duckdb: "duckdb",
  bigquery: "bigquery",
  sqlite: "sqlite",
};

const STRUCTURE: Record<Dialect, string> = {
  postgresql: "postgresql+psycopg2://<user>:<password>@<host>:<port>/<db-name>",
  mysql: "mysql+pymysql://<user>:<password>@<host>:<port>/<db-name>",
  mssql: "mssql+pymssql://<user>:<password>@<host>:<port>/<db-name>",
  databricks: "databricks://token:<token>@<host>?http_path=<http-path>&catalog=<catalog>&schema=<schema-name>",
  snowflake: "snowflake://<user>:<password>@<organization>-<account-name>/<database>/<schema>",
  clickhouse: "clickhouse+http://<user>:<password>@<host>:<port>/<db_name>?protocol=https",
  awsathena: "awsathena+rest://<aws_access_key_id>:<aws_secret_access_key>@athena.<region_name>.amazonaws.com:443/<schema_name>?s3_staging_dir=<s3_staging_dir>&work_group=primary",
  duckdb: "duckdb:///md:<db_name>?motherduck_token=<token>",
  bigquery: "bigquery://<project>/<database>",
  sqlite: "sqlite:///<path to the database file>",
};

export function uriStructure(dialect: Dialect): string {
  return STRUCTURE[dialect];
}

export type ParsedUri = { dialect: Dialect; scheme: string; target: DbTarget };

const dec = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

function fail(dialect: Dialect, problem: string): never {
  throw new UriError(`${problem}. Expected ${STRUCTURE[dialect]}`);
}

export function parseConnectionUri(uri: string): ParsedUri {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri.trim());
  if (!m) throw new UriError("The connection URI must start with a scheme such as postgresql+psycopg2://");
  const scheme = m[1].toLowerCase();
  const dialect = SCHEMES[scheme];
  if (!dialect) throw new UnsupportedSchemeError(`Unsupported database scheme "${scheme}". Supported: ${Object.keys(SCHEMES).join(", ")}`);
  if (dialect === "sqlite") {
    const file = dec(uri.trim().slice(m[0].length));
    if (!file.startsWith("/") || file.length < 2) fail(dialect, "Give the file after three slashes (relative) or four (absolute)");
    // sqlite:///rel.db -> "rel.db"; sqlite:////abs/file.db -> "/abs/file.db"
    return { dialect, scheme, target: { dialect, file: file.slice(1) } };
  }
  // The userinfo is split off by the redaction module's parser first: WHATWG URL cannot take a
  // password with an unencoded "/", "#" or "?", and must never see it in an error either.
  let url: URL;
  try {
    url = new URL(withoutUserinfo(uri.trim()));
  } catch {
    fail(dialect, "This URI cannot be parsed");
  }
  const credentials = uriCredentials(uri.trim());
  const params = Object.fromEntries(url.searchParams);
  const path = url.pathname.replace(/^\//, "");
  const target: DbTarget = {
    dialect,
    host: url.hostname || undefined,
    port: url.port ? Number(url.port) : undefined,
    user: credentials.user || undefined,
    password: credentials.password || undefined,
    database: path ? dec(path.split("/")[0]) : undefined,
    params,
  };
  const needUserHostDb = () => {
    if (!target.user) fail(dialect, "The user is missing");
    if (!target.host) fail(dialect, "The host is missing");
    if (!target.database) fail(dialect, "The database name is missing");
  };
  switch (dialect) {
    case "postgresql": {
      needUserHostDb();
      const sp = /-csearch_path=([^\s&]+)/.exec(params.options ?? "");
      if (params.options !== undefined && !sp) fail(dialect, 'options must look like "-csearch_path=<my-schema>"');
      target.schema = sp ? dec(sp[1]) : "public";
      break;
    }
    case "mysql":
    case "mssql":
      needUserHostDb();
      break;
    case "clickhouse":
      needUserHostDb();
      if (!target.port) fail(dialect, "The port is missing");
      if (params.protocol && !["http", "https"].includes(params.protocol)) fail(dialect, "protocol must be http or https");
      break;
    case "databricks":
      if (target.user !== "token" || !target.password) fail(dialect, 'Use "token:<token>@" before the host');
      if (!target.host) fail(dialect, "The host is missing");
      for (const p of ["http_path", "catalog", "schema"]) if (!params[p]) fail(dialect, `The ${p} parameter is missing`);
      break;
    case "snowflake": {
      if (!target.user || !target.password) fail(dialect, "The user and password are missing");
      if (!target.host || !target.host.includes("-")) fail(dialect, "The host must be <organization>-<account-name>");
      const parts = path.split("/").filter(Boolean);
      if (parts.length !== 2) fail(dialect, "Give both <database>/<schema> after the account");
      target.schema = dec(parts[1]);
      break;
    }
    case "awsathena":
      if (!target.user || !target.password) fail(dialect, "The AWS access key id and secret are missing");
      if (!/^athena\.[a-z0-9-]+\.amazonaws\.com$/.test(target.host ?? "")) fail(dialect, "The host must be athena.<region_name>.amazonaws.com");
      if (!target.database) fail(dialect, "The schema name is missing");
      if (!params.s3_staging_dir?.startsWith("s3://")) fail(dialect, "s3_staging_dir must be an s3:// location");
      break;
    case "duckdb":
      if (!path.startsWith("md:") || path.length <= 3) fail(dialect, 'The database must be "md:<db_name>"');
      if (!params.motherduck_token) fail(dialect, "The motherduck_token parameter is missing");
      target.database = path.slice(3);
      break;
    case "bigquery":
      if (!target.host) fail(dialect, "The project is missing");
      if (!target.database || path.split("/").filter(Boolean).length !== 1) fail(dialect, "Give exactly one <database> after the project");
      break;
  }
  return { dialect, scheme, target };
}

/** The URI for messages and display: rebuilt from its parts by the one redaction module. */
export function redactUri(uri: string): string {
  return redactDisplayUri(uri);
}

/** A URI for a target, as the console's field form builds it. */
export function buildUri(t: DbTarget): string {
  // toWellFormed: a lone surrogate in a field would make encodeURIComponent throw.
  const enc = (v: string) => encodeURIComponent(v.toWellFormed());
  const cred = (u?: string, p?: string) => (u ? `${enc(u)}${p ? `:${enc(p)}` : ""}@` : "");
  switch (t.dialect) {
    case "sqlite":
      return `sqlite:///${t.file ?? ""}`;
    case "postgresql":
      return `postgresql+psycopg2://${cred(t.user, t.password)}${t.host}${t.port ? `:${t.port}` : ""}/${enc(t.database ?? "")}${t.schema && t.schema !== "public" ? `?options=-csearch_path=${enc(t.schema)}` : ""}`;
    case "mysql":
      return `mysql+pymysql://${cred(t.user, t.password)}${t.host}${t.port ? `:${t.port}` : ""}/${enc(t.database ?? "")}`;
    default:
      throw new UriError(`Build a ${t.dialect} URI by hand: ${STRUCTURE[t.dialect]}`);
  }
}
