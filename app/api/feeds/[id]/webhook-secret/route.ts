import { apiRoute, numericId } from "@/lib/api/handler";
import { feedSchema } from "@/lib/feeds/schemas";
import { rotateWebhookSecret } from "@/lib/feeds/service";

// A new webhook secret, shown once in this response; the old one stops working.
export const POST = apiRoute<undefined, undefined, typeof feedSchema, { id: string }>({ role: "editor", output: feedSchema }, ({ actor, params }) =>
  rotateWebhookSecret(actor, numericId(params.id, "Feed")),
);
