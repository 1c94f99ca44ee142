import { NextResponse } from "next/server";
import { requestOrigin } from "@/lib/auth/forwarded";
import { keboolaRoute, keboolaTransformationSchema, runIdOf, toKeboolaAccepted } from "@/lib/compat/keboola";
import { enqueueDockerCreate } from "@/lib/provisioning/docker-jobs";
import { requireAsyncBackend } from "@/lib/provisioning/store";

type P = { backend: string };

// A transformation sandbox: the same job, for the transformation's configuration row.
export const POST = keboolaRoute<typeof keboolaTransformationSchema, undefined, P>({ body: keboolaTransformationSchema }, async ({ actor, body, params, req }) => {
  requireAsyncBackend(params.backend);
  const job = await enqueueDockerCreate(actor, { type: "rstudio", transformation: body.transformation }, runIdOf(req.headers));
  return NextResponse.json(toKeboolaAccepted(job, requestOrigin(req.headers, req.nextUrl.origin)), { status: 202 });
});
