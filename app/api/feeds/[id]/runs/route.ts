import { apiRoute, numericId } from "@/lib/api/handler";
import { requireFeed } from "@/lib/feeds/service";
import { runPageQuerySchema, runPageSchema, startedRunSchema } from "@/lib/runs/schemas";
import { listRuns, startedRunOut } from "@/lib/runs/service";
import { startLoadRun } from "@/lib/runs/start";

type P = { id: string };

export const GET = apiRoute<undefined, typeof runPageQuerySchema, typeof runPageSchema, P>(
  { role: "viewer", query: runPageQuerySchema, output: runPageSchema },
  async ({ params, query }) => {
    const feed = await requireFeed(numericId(params.id, "Feed"));
    return listRuns(feed.id, query.page, query.pageSize);
  },
);

// Starts a load run now (queued for the worker): 202 with the run (or the one
// already queued for the feed, with `coalesced: true`).
export const POST = apiRoute<undefined, undefined, typeof startedRunSchema, P>({ role: "editor", output: startedRunSchema, status: 202 }, async ({ actor, params }) =>
  startedRunOut(await startLoadRun(actor, numericId(params.id, "Feed"), actor.type === "token" ? "api" : "manual")),
);
