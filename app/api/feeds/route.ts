import { apiRoute } from "@/lib/api/handler";
import { dryRunResponse, isDryRun, rehearse } from "@/lib/bundle/rehearse";
import { feedInputSchema, feedListQuerySchema, feedListSchema, feedSchema } from "@/lib/feeds/schemas";
import { createFeed, listFeeds, scriptCheck } from "@/lib/feeds/service";

export const GET = apiRoute({ role: "viewer", query: feedListQuerySchema, output: feedListSchema }, async ({ query }) => {
  const page = await listFeeds(query);
  return { feeds: page.items, total: page.total, nextCursor: page.nextCursor, tags: page.tags };
});

export const POST = apiRoute({ role: "editor", body: feedInputSchema, output: feedSchema, status: 201 }, async ({ req, actor, body }) => {
  if (!isDryRun(req)) return createFeed(actor, body);
  // A webhook secret made in a rolled-back create was never stored: it is not shown.
  const { webhookSecret, ...result } = await rehearse(() => createFeed(actor, body));
  void webhookSecret;
  return dryRunResponse({ action: "create", changes: [], test: scriptCheck(result.scriptTested), result });
});
