import { apiRoute } from "@/lib/api/handler";
import { resolveType, toZoomdata, zoomdataConnectionSchema, zoomdataErrors } from "@/lib/compat/zoomdata";
import { jdbcInputFor } from "@/lib/compat/zoomdata-input";
import { deleteDatabaseConnection, updateJdbcConnection } from "@/lib/databases/jdbc-connections";
import { requireDatabaseConnection } from "@/lib/databases/service";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, undefined, P>({ role: "admin", basicAuth: true, errors: zoomdataErrors }, ({ params }) =>
  toZoomdata(requireDatabaseConnection(params.id)),
);

export const PUT = apiRoute<typeof zoomdataConnectionSchema, undefined, undefined, P>(
  { role: "admin", basicAuth: true, body: zoomdataConnectionSchema, errors: zoomdataErrors },
  ({ actor, body, params }) => toZoomdata(updateJdbcConnection(actor, params.id, jdbcInputFor(body, resolveType(body)))),
);

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "admin", basicAuth: true, errors: zoomdataErrors }, ({ actor, params }) => {
  deleteDatabaseConnection(actor, params.id);
});
