import "server-only";
import { NextResponse } from "next/server";
import { zoomdataConnectionSchema, type ZoomdataConnectionInput } from "./zoomdata-schemas";

export { zoomdataConnectionSchema, type ZoomdataConnectionInput };
import { ApiError } from "@/lib/api/errors";
import type { ErrorFormatter } from "@/lib/api/handler";
import { REASONS } from "@/lib/api/surfaces";
import type { Connection } from "@/lib/db/schema";
import type { DatabaseConfig } from "@/lib/databases/service";
import { redactUri } from "@/lib/secrets/redact";

// Zoomdata's private connection API (seed 000), mounted at /zoomdata.

export type ConnectionType = { id: string; name: string; type: string; subStorageType: string; edcBased: boolean; jdbc: string };

// Legacy types have static ids (<TYPE>_<SUBSTORAGE>); EDC types have ids a client must look up.
export const CONNECTION_TYPES: ConnectionType[] = [
  { id: "IMPALA_IMPALA", name: "Impala", type: "IMPALA", subStorageType: "IMPALA", edcBased: false, jdbc: "impala" },
  { id: "SQL_MYSQL", name: "MySQL", type: "SQL", subStorageType: "MYSQL", edcBased: false, jdbc: "mysql" },
  { id: "SQL_MARIADB", name: "MariaDB", type: "SQL", subStorageType: "MARIADB", edcBased: false, jdbc: "mysql" },
  { id: "SQL_POSTGRESQL", name: "PostgreSQL", type: "SQL", subStorageType: "POSTGRESQL", edcBased: false, jdbc: "postgresql" },
  { id: "SQL_SQLITE", name: "SQLite", type: "SQL", subStorageType: "SQLITE", edcBased: false, jdbc: "sqlite" },
  { id: "5a8f1e2b9c4d3e6f7a8b9c01", name: "PostgreSQL (EDC)", type: "EDC2", subStorageType: "POSTGRESQL", edcBased: true, jdbc: "postgresql" },
  { id: "5a8f1e2b9c4d3e6f7a8b9c02", name: "MySQL (EDC)", type: "EDC2", subStorageType: "MYSQL", edcBased: true, jdbc: "mysql" },
  { id: "5a8f1e2b9c4d3e6f7a8b9c03", name: "Impala (EDC)", type: "EDC2", subStorageType: "IMPALA", edcBased: true, jdbc: "impala" },
  { id: "5a8f1e2b9c4d3e6f7a8b9c04", name: "SQLite (EDC)", type: "EDC2", subStorageType: "SQLITE", edcBased: true, jdbc: "sqlite" },
];


/** Which catalogue type a request means; EDC requests must name an existing EDC type id. */
export function resolveType(input: ZoomdataConnectionInput): ConnectionType {
  if (input.type === "EDC2") {
    const t = CONNECTION_TYPES.find((c) => c.edcBased && c.id === input.connectionTypeId);
    if (!t) throw new ApiError("bad_request", `EDC connections need a connectionTypeId from /service/connection/types; ${input.connectionTypeId ?? "none"} is not one`, { connectionTypeId: "Unknown EDC connection type" });
    return t;
  }
  const t = input.connectionTypeId
    ? CONNECTION_TYPES.find((c) => !c.edcBased && c.id === input.connectionTypeId)
    : CONNECTION_TYPES.find((c) => !c.edcBased && c.type === input.type && c.subStorageType === (input.subStorageType ?? input.type));
  if (!t || t.type !== input.type) throw new ApiError("bad_request", `Unknown connection type ${input.connectionTypeId ?? `${input.type}/${input.subStorageType ?? ""}`}`, { connectionTypeId: "Unknown connection type" });
  return t;
}

/** A database connection in Zoomdata's shape, whichever surface created it. */
export function toZoomdata(row: Connection) {
  const c = row.config as DatabaseConfig;
  const z = c.zoomdata;
  const sub = z?.subStorageType ?? { postgresql: "POSTGRESQL", mysql: "MYSQL", sqlite: "SQLITE", impala: "IMPALA" }[c.dialect] ?? c.dialect.toUpperCase();
  const jdbc =
    z?.jdbcUrl ??
    (c.dialect === "sqlite"
      ? `jdbc:sqlite:${c.file}`
      : c.dialect === "postgresql" || c.dialect === "mysql"
        ? `jdbc:${c.dialect}://${c.host}${c.port ? `:${c.port}` : ""}/${c.database}`
        : null);
  return {
    id: row.id,
    name: row.name,
    type: z?.type ?? "SQL",
    subStorageType: sub,
    connectionTypeId: z?.connectionTypeId ?? `SQL_${sub}`,
    // Rebuilt on the way out as well: a row written before passwords left the config is masked too.
    parameters: { JDBC_URL: jdbc ? redactUri(jdbc) : jdbc, USER_NAME: z?.userName ?? c.user ?? null, PASSWORD: null },
    created: row.createdAt.toISOString(),
    lastModified: (row.updatedAt ?? row.createdAt).toISOString(),
  };
}

// Spring-style error bodies, as Zoomdata's server sends.
export const zoomdataErrors: ErrorFormatter = (error, { requestId }) => {
  const status = error instanceof ApiError ? (error.code === "unprocessable_entity" ? 400 : error.status) : 500;
  const reason = REASONS[status] ?? "Error";
  const message =
    error instanceof ApiError
      ? error.fields
        ? `${error.message}: ${Object.entries(error.fields).map(([k, v]) => `${k}: ${v}`).join("; ")}`
        : error.message
      : `Internal error (request id ${requestId})`;
  return NextResponse.json({ timestamp: Date.now(), status, error: reason, message }, {
    status,
    // Retry-After on a 429 and the like travel with the error; 401 also asks for Basic.
    headers: { ...(error instanceof ApiError ? error.headers : {}), ...(status === 401 ? { "www-authenticate": 'Basic realm="Zoomdata"' } : {}) },
  });
};
