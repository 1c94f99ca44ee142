import { apiRoute } from "@/lib/api/handler";
import { druidConnectionSchema } from "@/lib/connections/druid-schemas";
import { toNativeDruid } from "@/lib/connections/druid-native";
import { namedPageQuerySchema } from "@/lib/api/paging";
import { listNativeDruid } from "@/lib/connections/druid-list";
import { testDruidConnection, upsertDruidConnection } from "@/lib/connections/druid-service";
import { dryRunResponse, isDryRun, rehearse } from "@/lib/bundle/rehearse";

// Paged like every native list: limit (1-500, default 50), the previous page's nextCursor, and q by name.
export const GET = apiRoute({ role: "viewer", query: namedPageQuerySchema }, ({ query }) => listNativeDruid(query));

export const POST = apiRoute({ role: "editor", body: druidConnectionSchema, status: 201 }, async ({ req, actor, body }) => {
  const create = { expect: { create: true } } as const;
  if (!isDryRun(req)) return toNativeDruid((await upsertDruidConnection(actor, body, create)).row);
  const { row, result } = await rehearse(async () => {
    const written = (await upsertDruidConnection(actor, body, create)).row;
    return { row: written, result: toNativeDruid(written) };
  });
  return dryRunResponse({ action: "create", changes: [], test: await testDruidConnection(row), result });
});
