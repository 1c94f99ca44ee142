import { apiRoute, numericId } from "@/lib/api/handler";
import { runSchema } from "@/lib/runs/schemas";
import { getRun, withDuration } from "@/lib/runs/service";

export const GET = apiRoute<undefined, undefined, typeof runSchema, { id: string }>({ role: "viewer", output: runSchema }, async ({ params }) =>
  withDuration(await getRun(numericId(params.id, "Run"))),
);
