import { apiRoute, numericId } from "@/lib/api/handler";
import { logPageSchema, logQuerySchema } from "@/lib/runs/schemas";
import { listLogs } from "@/lib/runs/service";

// Paged: ?after=<last seq seen>&limit=; `done` is true once the run has ended and every line was read.
export const GET = apiRoute<undefined, typeof logQuerySchema, typeof logPageSchema, { id: string }>(
  { role: "viewer", query: logQuerySchema, output: logPageSchema },
  ({ params, query }) => listLogs(numericId(params.id, "Run"), query.after, query.limit),
);
