import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { zoomdataErrors } from "@/lib/compat/zoomdata";
import { listObjectsOf } from "@/lib/databases/browse";

const query = z.object({ schema: z.string().optional() });

// The tables and views of one schema (the connection's default schema without ?schema=).
export const GET = apiRoute<undefined, typeof query, undefined, { id: string }>({ role: "admin", basicAuth: true, query, errors: zoomdataErrors }, ({ params, query }) =>
  listObjectsOf(params.id, query.schema),
);
