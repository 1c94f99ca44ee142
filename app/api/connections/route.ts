import { apiRoute } from "@/lib/api/handler";
import { connectionListQuerySchema, connectionListSchema, listConnections } from "@/lib/connections/list";
import { restConnectionInputSchema, restConnectionSchema } from "@/lib/connections/rest-schemas";
import { createRestConnection } from "@/lib/connections/rest-service";

export const GET = apiRoute({ role: "viewer", query: connectionListQuerySchema, output: connectionListSchema }, ({ query }) => {
  const page = listConnections(query);
  return { connections: page.items, total: page.total, nextCursor: page.nextCursor };
});

export const POST = apiRoute({ role: "editor", body: restConnectionInputSchema, output: restConnectionSchema, status: 201 }, ({ actor, body }) =>
  createRestConnection(actor, body),
);
