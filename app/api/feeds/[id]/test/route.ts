import { z } from "zod";
import { apiRoute, numericId } from "@/lib/api/handler";
import { feedInputSchema } from "@/lib/feeds/schemas";
import { startTestRun } from "@/lib/runs/start";
import { testRunResponse } from "@/lib/runs/test-response";

const query = z.object({ wait: z.enum(["true", "false", "1", "0"]).optional() });
// Optional edits to test instead of the saved ones; fields left out are the saved feed's. Nothing is saved.
const body = feedInputSchema.pick({ language: true, script: true, dependencies: true });

export const POST = apiRoute<typeof body, typeof query, undefined, { id: string }>({ role: "editor", body, query }, async ({ actor, body, params, query }) =>
  testRunResponse(query.wait === "true" || query.wait === "1", await startTestRun(actor, { feedId: numericId(params.id, "Feed"), draft: body })),
);
