import { apiRoute } from "@/lib/api/handler";
import { resolveType, toZoomdata, zoomdataConnectionSchema, zoomdataErrors } from "@/lib/compat/zoomdata";
import { jdbcInputFor } from "@/lib/compat/zoomdata-input";
import { createJdbcConnection } from "@/lib/databases/jdbc-connections";
import { listDatabaseConnections } from "@/lib/databases/service";

export const GET = apiRoute({ role: "admin", basicAuth: true, errors: zoomdataErrors }, () => listDatabaseConnections().map(toZoomdata));

// The body Zoomdata's sample client sends: {connectionTypeId, name, subStorageType, type, parameters: {JDBC_URL, USER_NAME, PASSWORD}}.
export const POST = apiRoute({ role: "admin", basicAuth: true, body: zoomdataConnectionSchema, status: 201, errors: zoomdataErrors }, ({ actor, body }) =>
  toZoomdata(createJdbcConnection(actor, jdbcInputFor(body, resolveType(body)))),
);
