import { apiRoute } from "@/lib/api/handler";
import { feedInputSchema, feedListQuerySchema, feedListSchema, feedSchema } from "@/lib/feeds/schemas";
import { createFeed, listFeeds } from "@/lib/feeds/service";

export const GET = apiRoute({ role: "viewer", query: feedListQuerySchema, output: feedListSchema }, ({ query }) => {
  const page = listFeeds(query);
  return { feeds: page.items, total: page.total, nextCursor: page.nextCursor, tags: page.tags };
});

export const POST = apiRoute({ role: "editor", body: feedInputSchema, output: feedSchema, status: 201 }, ({ actor, body }) => createFeed(actor, body));
