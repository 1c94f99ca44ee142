import { z } from "zod";
import { apiRoute, numericId } from "@/lib/api/handler";
import { startTestRun } from "@/lib/runs/start";
import { testRunResponse } from "@/lib/runs/test-response";

const query = z.object({ wait: z.enum(["true", "false", "1", "0"]).optional() });

export const POST = apiRoute<undefined, typeof query, undefined, { id: string }>({ role: "editor", query }, ({ actor, params, query }) =>
  testRunResponse(query.wait === "true" || query.wait === "1", startTestRun(actor, { feedId: numericId(params.id, "Feed") })),
);
