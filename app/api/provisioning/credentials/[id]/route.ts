import { apiRoute } from "@/lib/api/handler";
import { dropCredentials } from "@/lib/provisioning/drop-credentials";
import { getCredentialsSummary } from "@/lib/provisioning/list-credentials";
import { credentialsSummarySchema } from "@/lib/provisioning/schemas";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, typeof credentialsSummarySchema, P>({ role: "editor", output: credentialsSummarySchema }, ({ actor, params }) => getCredentialsSummary(actor, params.id));

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "editor" }, async ({ actor, params }) => {
  await dropCredentials(actor, params.id, null);
});
