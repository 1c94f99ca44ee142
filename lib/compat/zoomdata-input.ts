import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { JdbcInput } from "@/lib/databases/jdbc-connections";
import { parseJdbcUrl } from "@/lib/drivers/jdbc";
import { UriError } from "@/lib/drivers/uri";
import type { ConnectionType, ZoomdataConnectionInput } from "./zoomdata";

/** Checks the JDBC URL against the connection type and maps the request to the domain's input. */
export function jdbcInputFor(body: ZoomdataConnectionInput, type: ConnectionType): JdbcInput {
  let kind: string;
  try {
    kind = parseJdbcUrl(body.parameters.JDBC_URL).kind;
  } catch (e) {
    if (e instanceof UriError) throw new ApiError("bad_request", e.message, { "parameters.JDBC_URL": e.message });
    throw e;
  }
  if (kind !== type.jdbc) {
    throw new ApiError("bad_request", `A ${type.name} connection needs a jdbc:${type.jdbc} URL, not jdbc:${kind}`, { "parameters.JDBC_URL": `Use jdbc:${type.jdbc}:…` });
  }
  return {
    name: body.name,
    jdbcUrl: body.parameters.JDBC_URL,
    user: body.parameters.USER_NAME ?? null,
    password: body.parameters.PASSWORD ?? null,
    type: type.type,
    subStorageType: body.subStorageType ?? type.subStorageType,
    connectionTypeId: type.id,
  };
}
