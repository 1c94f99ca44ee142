import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { CannotExtendError, extendCredentials } from "@/lib/provisioning/extend-credentials";
import { getCredentialsSummary } from "@/lib/provisioning/list-credentials";
import { credentialsSummarySchema } from "@/lib/provisioning/schemas";

type P = { id: string };

export const POST = apiRoute<undefined, undefined, typeof credentialsSummarySchema, P>({ role: "editor", output: credentialsSummarySchema }, async ({ actor, params }) => {
  try {
    await extendCredentials(actor, params.id, null);
  } catch (e) {
    throw e instanceof CannotExtendError ? new ApiError("conflict", e.message) : e;
  }
  return getCredentialsSummary(actor, params.id);
});
