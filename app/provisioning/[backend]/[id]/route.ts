import { KEBOOLA_OK, keboolaRoute, runIdOf, toKeboola } from "@/lib/compat/keboola";
import { dropCredentials } from "@/lib/provisioning/drop-credentials";
import { getCredentials } from "@/lib/provisioning/find-credentials";
import { requireBackend } from "@/lib/provisioning/store";

type P = { backend: string; id: string };

export const GET = keboolaRoute<undefined, undefined, P>({}, async ({ actor, params }) => toKeboola(await getCredentials(actor, await requireBackend(params.backend), params.id), { usage: true }));

// 200 {"status": "ok"}, never 204: the R client reads `status` from the body.
export const DELETE = keboolaRoute<undefined, undefined, P>({}, async ({ actor, params, req }) => {
  await dropCredentials(actor, params.id, runIdOf(req.headers), (await requireBackend(params.backend)).backend);
  return KEBOOLA_OK;
});
