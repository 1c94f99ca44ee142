import { apiRoute } from "@/lib/api/handler";
import { dryRunResponse, isDryRun, rehearse } from "@/lib/bundle/rehearse";
import { connectionListQuerySchema, connectionListSchema, listConnections } from "@/lib/connections/list";
import { restConnectionInputSchema, restConnectionSchema } from "@/lib/connections/rest-schemas";
import { createRestConnection, testRestConnectionInput } from "@/lib/connections/rest-service";

// A page depends only on the store and the query: built once per store change (cached).
export const GET = apiRoute({ role: "viewer", query: connectionListQuerySchema, output: connectionListSchema, cached: true }, async ({ query }) => {
  const page = await listConnections(query);
  return { connections: page.items, total: page.total, nextCursor: page.nextCursor };
});

export const POST = apiRoute({ role: "editor", body: restConnectionInputSchema, output: restConnectionSchema, status: 201 }, async ({ req, actor, body }) => {
  if (!isDryRun(req)) return createRestConnection(actor, body);
  // Dry run: the real create path, rolled back, after the connection's test.
  const result = await rehearse(() => createRestConnection(actor, body));
  return dryRunResponse({ action: "create", changes: [], test: await testRestConnectionInput(body, undefined, actor.role, { dryRun: true }), result });
});
