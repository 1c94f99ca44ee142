import { NextResponse } from "next/server";
import { requestOrigin } from "@/lib/auth/forwarded";
import { keboolaAsyncCreateSchema, keboolaRoute, runIdOf, toKeboolaAccepted } from "@/lib/compat/keboola";
import { enqueueDockerCreate } from "@/lib/provisioning/docker-jobs";
import { requireAsyncBackend } from "@/lib/provisioning/store";

type P = { backend: string };

// A plain Docker sandbox (RStudio, Jupyter): a job to poll at /queue/job/{id}.
export const POST = keboolaRoute<typeof keboolaAsyncCreateSchema, undefined, P>({ body: keboolaAsyncCreateSchema }, async ({ actor, body, params, req }) => {
  requireAsyncBackend(params.backend);
  const job = await enqueueDockerCreate(actor, body, runIdOf(req.headers));
  return NextResponse.json(toKeboolaAccepted(job, requestOrigin(req.headers, req.nextUrl.origin)), { status: 202 });
});
