import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { runSchema } from "@/lib/runs/schemas";
import { withDuration } from "@/lib/runs/service";
import { startWebhookRun } from "@/lib/runs/start";

const query = z.object({ secret: z.string().optional() });

// POST with the feed's webhook secret (header X-Webhook-Secret, or ?secret=) starts a load run: 202.
export const POST = apiRoute<undefined, typeof query, typeof runSchema, { id: string }>(
  { role: "public", query, output: runSchema, status: 202 },
  ({ req, params, query, actor }) => {
    const id = Number(params.id);
    const secret = req.headers.get("x-webhook-secret") ?? query.secret ?? null;
    return withDuration(startWebhookRun(Number.isSafeInteger(id) ? id : -1, secret, actor.ip));
  },
);
