import { apiRoute, numericId } from "@/lib/api/handler";
import { dryRunResponse, isDryRun, rehearse, updateChanges } from "@/lib/bundle/rehearse";
import { feedInputSchema, feedSchema } from "@/lib/feeds/schemas";
import { deleteFeed, requireFeed, scriptCheck, toFeedOut, updateFeed } from "@/lib/feeds/service";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, typeof feedSchema, P>({ role: "viewer", output: feedSchema }, async ({ params }) =>
  toFeedOut(await requireFeed(numericId(params.id, "Feed"))),
);

export const PATCH = apiRoute<typeof feedInputSchema, undefined, typeof feedSchema, P>(
  { role: "editor", body: feedInputSchema, output: feedSchema },
  async ({ req, actor, body, params }) => {
    const id = numericId(params.id, "Feed");
    if (!isDryRun(req)) return updateFeed(actor, id, body);
    const before = await toFeedOut(await requireFeed(id));
    const { webhookSecret, ...result } = await rehearse(() => updateFeed(actor, id, body));
    void webhookSecret;
    const changes = updateChanges(before, result);
    return dryRunResponse({ action: changes.length ? "update" : "unchanged", changes, test: scriptCheck(result.scriptTested), result });
  },
);

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "editor" }, async ({ actor, params }) => {
  await deleteFeed(actor, numericId(params.id, "Feed"));
});
