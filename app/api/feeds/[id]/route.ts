import { apiRoute, numericId } from "@/lib/api/handler";
import { feedInputSchema, feedSchema } from "@/lib/feeds/schemas";
import { deleteFeed, requireFeed, toFeedOut, updateFeed } from "@/lib/feeds/service";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, typeof feedSchema, P>({ role: "viewer", output: feedSchema }, ({ params }) =>
  toFeedOut(requireFeed(numericId(params.id, "Feed"))),
);

export const PATCH = apiRoute<typeof feedInputSchema, undefined, typeof feedSchema, P>(
  { role: "editor", body: feedInputSchema, output: feedSchema },
  ({ actor, body, params }) => updateFeed(actor, numericId(params.id, "Feed"), body),
);

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "editor" }, ({ actor, params }) => {
  deleteFeed(actor, numericId(params.id, "Feed"));
});
