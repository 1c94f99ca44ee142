import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { toZoomdataObject, zoomdataErrors } from "@/lib/compat/zoomdata";
import { zoomdataObjectSchema, zoomdataObjectsQuerySchema } from "@/lib/compat/zoomdata-schemas";
import { listObjectsOf } from "@/lib/databases/browse";

const output = z.array(zoomdataObjectSchema);

// The tables and views of one schema (the connection's default schema without ?schema=).
export const GET = apiRoute<undefined, typeof zoomdataObjectsQuerySchema, typeof output, { id: string }>(
  { role: "admin", basicAuth: true, query: zoomdataObjectsQuerySchema, output, errors: zoomdataErrors },
  async ({ params, query }) => (await listObjectsOf(params.id, query.schema)).map(toZoomdataObject),
);
