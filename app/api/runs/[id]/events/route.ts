import { z } from "zod";
import { apiRoute, numericId } from "@/lib/api/handler";
import { runEventStream } from "@/lib/runs/events";

const query = z.object({ after: z.coerce.number().int().min(0).default(0) });

// Server-Sent Events: `log` (batches of lines), `status` (the run as it changes) and a final `done`.
export const GET = apiRoute<undefined, typeof query, undefined, { id: string }>({ role: "viewer", query }, ({ req, params, query }) =>
  runEventStream(numericId(params.id, "Run"), query.after, req.signal),
);
