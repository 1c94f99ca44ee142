import { apiRoute, numericId } from "@/lib/api/handler";
import { runSchema } from "@/lib/runs/schemas";
import { cancelRun, withDuration } from "@/lib/runs/service";

export const POST = apiRoute<undefined, undefined, typeof runSchema, { id: string }>({ role: "editor", output: runSchema }, async ({ actor, params }) =>
  withDuration(await cancelRun(actor, numericId(params.id, "Run"))),
);
