import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { zoomdataErrors } from "@/lib/compat/zoomdata";
import { listSchemasOf } from "@/lib/databases/browse";

const output = z.array(z.string());

// The schemas of the connection's database.
export const GET = apiRoute<undefined, undefined, typeof output, { id: string }>({ role: "admin", basicAuth: true, output, errors: zoomdataErrors }, ({ params }) => listSchemasOf(params.id));
