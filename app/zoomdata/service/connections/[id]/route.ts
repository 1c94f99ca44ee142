import { apiRoute } from "@/lib/api/handler";
import { specOfZoomdata, toZoomdata, zoomdataConnectionSchema, zoomdataErrors } from "@/lib/compat/zoomdata";
import { zoomdataConnectionOutSchema } from "@/lib/compat/zoomdata-schemas";
import { deleteDatabaseConnection, requireDatabaseConnection, updateDatabaseConnection } from "@/lib/databases/service";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, typeof zoomdataConnectionOutSchema, P>({ role: "admin", basicAuth: true, output: zoomdataConnectionOutSchema, errors: zoomdataErrors }, async ({ params }) =>
  toZoomdata(await requireDatabaseConnection(params.id)),
);

export const PUT = apiRoute<typeof zoomdataConnectionSchema, undefined, typeof zoomdataConnectionOutSchema, P>(
  { role: "admin", basicAuth: true, body: zoomdataConnectionSchema, output: zoomdataConnectionOutSchema, errors: zoomdataErrors },
  async ({ actor, body, params }) => toZoomdata(await updateDatabaseConnection(actor, params.id, specOfZoomdata(body))),
);

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "admin", basicAuth: true, errors: zoomdataErrors }, async ({ actor, params }) => {
  await deleteDatabaseConnection(actor, params.id);
});
