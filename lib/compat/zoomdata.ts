import "server-only";
import { NextResponse } from "next/server";
import { ApiError } from "@/lib/api/errors";
import type { ErrorFormatter } from "@/lib/api/handler";
import { messageWithFields, REASONS } from "@/lib/api/surfaces";
import type { ConnectionOf } from "@/lib/db/tables";
import type { DatabaseConnectionSpec } from "@/lib/databases/connection-spec";
import { DatabaseError } from "@/lib/databases/errors";
import { jdbcUrlPassword, parseJdbcUrl, type ParsedJdbc } from "@/lib/drivers/jdbc";
import { UriError } from "@/lib/drivers/uri";
import { isMaskValue, redactUri } from "@/lib/secrets/redact";
import { zoomdataConnectionSchema, type ZoomdataConnectionInput } from "./zoomdata-schemas";

export { zoomdataConnectionSchema, type ZoomdataConnectionInput };

// Zoomdata's private connection API (seed 000), mounted at /zoomdata: its JDBC body mapped to the
// neutral spec (so a connection made here is tested and its tables discovered like any other),
// rows mapped back, and Spring-style errors.

export const SURFACE = "zoomdata";

// `dialect`: what the JDBC URL must name; `urls`: the URL prefixes its clients are told to use.
export type ConnectionType = { id: string; name: string; type: string; subStorageType: string; edcBased: boolean; dialect: string; urls: string[] };

const IMPALA = ["jdbc:impala:", "jdbc:hive2:"];
// Legacy types have static ids (<TYPE>_<SUBSTORAGE>); EDC types have ids a client must look up.
export const CONNECTION_TYPES: ConnectionType[] = [
  { id: "IMPALA_IMPALA", name: "Impala", type: "IMPALA", subStorageType: "IMPALA", edcBased: false, dialect: "impala", urls: IMPALA },
  { id: "SQL_MYSQL", name: "MySQL", type: "SQL", subStorageType: "MYSQL", edcBased: false, dialect: "mysql", urls: ["jdbc:mysql:", "jdbc:mariadb:"] },
  { id: "SQL_MARIADB", name: "MariaDB", type: "SQL", subStorageType: "MARIADB", edcBased: false, dialect: "mysql", urls: ["jdbc:mariadb:", "jdbc:mysql:"] },
  { id: "SQL_POSTGRESQL", name: "PostgreSQL", type: "SQL", subStorageType: "POSTGRESQL", edcBased: false, dialect: "postgresql", urls: ["jdbc:postgresql:"] },
  { id: "SQL_SQLITE", name: "SQLite", type: "SQL", subStorageType: "SQLITE", edcBased: false, dialect: "sqlite", urls: ["jdbc:sqlite:"] },
  { id: "5a8f1e2b9c4d3e6f7a8b9c01", name: "PostgreSQL (EDC)", type: "EDC2", subStorageType: "POSTGRESQL", edcBased: true, dialect: "postgresql", urls: ["jdbc:postgresql:"] },
  { id: "5a8f1e2b9c4d3e6f7a8b9c02", name: "MySQL (EDC)", type: "EDC2", subStorageType: "MYSQL", edcBased: true, dialect: "mysql", urls: ["jdbc:mysql:", "jdbc:mariadb:"] },
  { id: "5a8f1e2b9c4d3e6f7a8b9c03", name: "Impala (EDC)", type: "EDC2", subStorageType: "IMPALA", edcBased: true, dialect: "impala", urls: IMPALA },
  { id: "5a8f1e2b9c4d3e6f7a8b9c04", name: "SQLite (EDC)", type: "EDC2", subStorageType: "SQLITE", edcBased: true, dialect: "sqlite", urls: ["jdbc:sqlite:"] },
];

/** Which catalogue type a request means; EDC requests must name an existing EDC type id. */
export function resolveType(input: ZoomdataConnectionInput): ConnectionType {
  if (input.type === "EDC2") {
    const t = CONNECTION_TYPES.find((c) => c.edcBased && c.id === input.connectionTypeId);
    if (!t) throw new ApiError("bad_request", `EDC connections need a connectionTypeId from /service/connection/types; ${input.connectionTypeId || "none"} is not one`, { connectionTypeId: "Unknown EDC connection type" });
    return t;
  }
  const t = input.connectionTypeId
    ? CONNECTION_TYPES.find((c) => !c.edcBased && c.id === input.connectionTypeId)
    : CONNECTION_TYPES.find((c) => !c.edcBased && c.type === input.type && c.subStorageType === (input.subStorageType || input.type));
  if (!t || t.type !== input.type) throw new ApiError("bad_request", `Unknown connection type ${input.connectionTypeId || `${input.type}/${input.subStorageType ?? ""}`}`, { connectionTypeId: "Unknown connection type" });
  return t;
}

// What only this surface keeps about a connection, to answer in its own shape.
type ZoomdataOptions = { connectionTypeId?: string | null; type?: string; subStorageType?: string | null; userName?: string | null };

/** The sample clients' body as the neutral spec; the URL must be one the connection type takes. */
export function specOfZoomdata(body: ZoomdataConnectionInput): DatabaseConnectionSpec {
  const type = resolveType(body);
  const url = body.parameters.JDBC_URL;
  const given = body.parameters.PASSWORD;
  // No password (null, "" or the mask read back) means the stored one; the URL's own counts as given.
  const password = given && !isMaskValue(given) ? given : undefined;
  let parsed: ParsedJdbc;
  try {
    parsed = parseJdbcUrl(url, body.parameters.USER_NAME || undefined, password);
  } catch (e) {
    if (e instanceof UriError) throw new ApiError("bad_request", e.message, { "parameters.JDBC_URL": e.message });
    throw e;
  }
  if (parsed.kind !== type.dialect) {
    const wanted = type.urls.join(" or ");
    throw new ApiError("bad_request", `${/^[AEIOU]/.test(type.name) ? "An" : "A"} ${type.name} connection needs a ${wanted} URL, not ${/^jdbc:[a-z0-9]+:/i.exec(url)?.[0] ?? url.slice(0, 20)}`, { "parameters.JDBC_URL": `Use ${wanted}…` });
  }
  const inUrl = jdbcUrlPassword(url).password;
  const options: ZoomdataOptions = { connectionTypeId: type.id, type: type.type, subStorageType: body.subStorageType || type.subStorageType, userName: body.parameters.USER_NAME || null };
  return {
    name: body.name,
    dialect: parsed.kind,
    target: parsed.target,
    location: parsed.location,
    password: password ?? inUrl,
    displayUri: url,
    ssh: null,
    keepPassword: !password && !inUrl,
    options,
    source: SURFACE,
  };
}

const SUB_STORAGE: Record<string, string> = { postgresql: "POSTGRESQL", mysql: "MYSQL", sqlite: "SQLITE", impala: "IMPALA" };

/** A database connection in Zoomdata's shape, whichever surface created it. */
export function toZoomdata(row: ConnectionOf<"database">) {
  const c = row.config;
  // Rows written before `options` kept these under the surface's name.
  const z: ZoomdataOptions = { ...(c as { zoomdata?: ZoomdataOptions }).zoomdata, ...(c.options as ZoomdataOptions | undefined) };
  const sub = z.subStorageType ?? SUB_STORAGE[c.dialect] ?? c.dialect.toUpperCase();
  const jdbc = c.uri?.startsWith("jdbc:")
    ? c.uri
    : c.dialect === "sqlite"
      ? `jdbc:sqlite:${c.file}`
      : c.dialect === "postgresql" || c.dialect === "mysql"
        ? `jdbc:${c.dialect}://${c.host}${c.port ? `:${c.port}` : ""}/${c.database}`
        : null;
  return {
    id: row.id,
    name: row.name,
    type: z.type ?? "SQL",
    subStorageType: sub,
    connectionTypeId: z.connectionTypeId ?? `SQL_${sub}`,
    // Rebuilt on the way out as well: a row written before passwords left the config is masked too.
    // A password that is a secret reference is shown as written (it is no secret); a value never.
    parameters: { JDBC_URL: jdbc ? redactUri(jdbc) : jdbc, USER_NAME: z.userName ?? c.user ?? null, PASSWORD: c.secretRefs?.password ?? null },
    created: row.createdAt.toISOString(),
    lastModified: (row.updatedAt ?? row.createdAt).toISOString(),
  };
}

/** A schema's objects as Zoomdata lists them: views are VIEW, tables TABLE. */
export function toZoomdataObject(o: { name: string; schema: string; type: "table" | "view" }) {
  return { name: o.name, schema: o.schema, type: o.type === "view" ? ("VIEW" as const) : ("TABLE" as const) };
}

// Spring-style error bodies, as Zoomdata's server sends.
export const zoomdataErrors: ErrorFormatter = (error, { requestId }) => {
  const status = error instanceof ApiError ? (error.code === "unprocessable_entity" ? 400 : error.status) : 500;
  const reason = REASONS[status] ?? "Error";
  const message =
    error instanceof DatabaseError
      ? error.message.includes(error.description) ? error.message : `${error.message}: ${error.description}`
      : error instanceof ApiError
        ? messageWithFields(error.message, error.fields)
        : `Internal error (request id ${requestId})`;
  return NextResponse.json({ timestamp: Date.now(), status, error: reason, message }, {
    status,
    // Retry-After on a 429 and the like travel with the error; 401 also asks for Basic.
    headers: { ...(error instanceof ApiError ? error.headers : {}), ...(status === 401 ? { "www-authenticate": 'Basic realm="Zoomdata"' } : {}) },
  });
};
