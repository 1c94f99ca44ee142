import { apiRoute } from "@/lib/api/handler";
import { restConnectionInputSchema, restConnectionSchema } from "@/lib/connections/rest-schemas";
import { deleteConnection, getRestConnection, updateRestConnection } from "@/lib/connections/rest-service";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, typeof restConnectionSchema, P>({ role: "viewer", output: restConnectionSchema }, ({ params }) =>
  getRestConnection(params.id),
);

export const PATCH = apiRoute<typeof restConnectionInputSchema, undefined, typeof restConnectionSchema, P>(
  { role: "editor", body: restConnectionInputSchema, output: restConnectionSchema },
  ({ actor, body, params }) => updateRestConnection(actor, params.id, body),
);

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "editor" }, ({ actor, params }) => {
  deleteConnection(actor, params.id);
});
