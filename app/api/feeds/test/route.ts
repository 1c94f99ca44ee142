import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { startTestRun, unsavedTestSchema } from "@/lib/runs/start";
import { testRunResponse } from "@/lib/runs/test-response";

const query = z.object({ wait: z.enum(["true", "false", "1", "0"]).optional() });

// Test a script that is not saved as a feed yet.
export const POST = apiRoute({ role: "editor", body: unsavedTestSchema, query }, async ({ actor, body, query }) =>
  testRunResponse(query.wait === "true" || query.wait === "1", await startTestRun(actor, body)),
);
