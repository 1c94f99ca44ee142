import { NextResponse } from "next/server";
import { requestOrigin } from "@/lib/auth/forwarded";
import { keboolaRoute, runIdOf, toKeboolaAccepted } from "@/lib/compat/keboola";
import { enqueueDockerDelete } from "@/lib/provisioning/docker-jobs";
import { requireAsyncBackend } from "@/lib/provisioning/store";

type P = { backend: string; id: string };

// Syrup's client sends `[]` as the body of this DELETE; no body is read.
export const DELETE = keboolaRoute<undefined, undefined, P>({}, async ({ actor, params, req }) => {
  requireAsyncBackend(params.backend);
  const job = await enqueueDockerDelete(actor, params.id, runIdOf(req.headers));
  return NextResponse.json(toKeboolaAccepted(job, requestOrigin(req.headers, req.nextUrl.origin)), { status: 202 });
});
