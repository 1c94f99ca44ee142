import { z } from "zod";
import { apiRoute, numericId } from "@/lib/api/handler";
import { getFeedState, putFeedState, resetFeedState } from "@/lib/feeds/state";

type P = { id: string };
const stateOut = z.object({ state: z.record(z.string(), z.unknown()), destination: z.string().nullable() });
const stateIn = z.object({ state: z.record(z.string(), z.unknown(), { error: "state must be a JSON object" }) });

export const GET = apiRoute<undefined, undefined, typeof stateOut, P>({ role: "viewer", output: stateOut }, ({ params }) =>
  getFeedState(numericId(params.id, "Feed")),
);

export const PUT = apiRoute<typeof stateIn, undefined, typeof stateOut, P>({ role: "editor", body: stateIn, output: stateOut }, ({ actor, body, params }) =>
  putFeedState(actor, numericId(params.id, "Feed"), body.state),
);

// Reset: the next run starts from {} and fetches everything again.
export const DELETE = apiRoute<undefined, undefined, typeof stateOut, P>({ role: "editor", output: stateOut }, ({ actor, params }) =>
  resetFeedState(actor, numericId(params.id, "Feed")),
);
