import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { specOfZoomdata, toZoomdata, zoomdataConnectionSchema, zoomdataErrors } from "@/lib/compat/zoomdata";
import { zoomdataConnectionOutSchema } from "@/lib/compat/zoomdata-schemas";
import { createDatabaseConnection, listDatabaseConnections } from "@/lib/databases/service";

export const GET = apiRoute({ role: "admin", basicAuth: true, output: z.array(zoomdataConnectionOutSchema), errors: zoomdataErrors }, async () => (await listDatabaseConnections()).map(toZoomdata));

// The body Zoomdata's sample clients send: {connectionTypeId, name, subStorageType, type, parameters: {JDBC_URL, USER_NAME, PASSWORD}}.
// The one create path: tested when a driver exists here, tables discovered as table descriptions.
export const POST = apiRoute({ role: "admin", basicAuth: true, body: zoomdataConnectionSchema, output: zoomdataConnectionOutSchema, status: 201, errors: zoomdataErrors }, async ({ actor, body }) =>
  toZoomdata(await createDatabaseConnection(actor, specOfZoomdata(body))),
);
