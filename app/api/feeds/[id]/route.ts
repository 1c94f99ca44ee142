import { apiRoute, numericId } from "@/lib/api/handler";
import { dryRunResponse, isDryRun, rehearse, updateChanges } from "@/lib/bundle/rehearse";
import { feedInputSchema, feedSchema } from "@/lib/feeds/schemas";
import { deleteFeed, requireFeed, scriptCheck, toFeedOut, updateFeed } from "@/lib/feeds/service";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, typeof feedSchema, P>({ role: "viewer", output: feedSchema }, ({ params }) =>
  toFeedOut(requireFeed(numericId(params.id, "Feed"))),
);

export const PATCH = apiRoute<typeof feedInputSchema, undefined, typeof feedSchema, P>(
  { role: "editor", body: feedInputSchema, output: feedSchema },
  ({ req, actor, body, params }) => {
    const id = numericId(params.id, "Feed");
    if (!isDryRun(req)) return updateFeed(actor, id, body);
    const before = toFeedOut(requireFeed(id));
    const { webhookSecret, ...result } = rehearse(() => updateFeed(actor, id, body));
    void webhookSecret;
    const changes = updateChanges(before, result);
    return dryRunResponse({ action: changes.length ? "update" : "unchanged", changes, test: scriptCheck(result.scriptTested), result });
  },
);

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "editor" }, ({ actor, params }) => {
  deleteFeed(actor, numericId(params.id, "Feed"));
});
