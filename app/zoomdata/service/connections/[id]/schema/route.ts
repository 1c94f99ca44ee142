import { apiRoute } from "@/lib/api/handler";
import { zoomdataErrors } from "@/lib/compat/zoomdata";
import { listSchemasOf } from "@/lib/databases/browse";

// The schemas of the connection's database.
export const GET = apiRoute<undefined, undefined, undefined, { id: string }>({ role: "admin", basicAuth: true, errors: zoomdataErrors }, ({ params }) =>
  listSchemasOf(params.id),
);
