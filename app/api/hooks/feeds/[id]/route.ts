import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { startedRunSchema } from "@/lib/runs/schemas";
import { startedRunOut } from "@/lib/runs/service";
import { startWebhookRun } from "@/lib/runs/start";

const query = z.object({ secret: z.string().optional() });

// POST with the feed's webhook secret (header X-Webhook-Secret, or ?secret=) starts a load run: 202. While a run
// of the feed is queued the call joins it: 202 with that run and `coalesced: true`.
export const POST = apiRoute<undefined, typeof query, typeof startedRunSchema, { id: string }>(
  { role: "public", query, output: startedRunSchema, status: 202 },
  async ({ req, params, query, actor }) => {
    const id = Number(params.id);
    const secret = req.headers.get("x-webhook-secret") ?? query.secret ?? null;
    return startedRunOut(await startWebhookRun(Number.isSafeInteger(id) ? id : -1, secret, actor.ip));
  },
);
