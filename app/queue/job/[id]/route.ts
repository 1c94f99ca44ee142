import { requestOrigin } from "@/lib/auth/forwarded";
import { keboolaRoute, toKeboolaJob } from "@/lib/compat/keboola";
import { requireProvisioningJob } from "@/lib/provisioning/docker-jobs";

type P = { id: string };

// Syrup's job client polls {host}/queue/job/{id} whatever url the 202 gave.
export const GET = keboolaRoute<undefined, undefined, P>({}, async ({ actor, params, req }) => toKeboolaJob(await requireProvisioningJob(actor, params.id), requestOrigin(req.headers, req.nextUrl.origin)));
