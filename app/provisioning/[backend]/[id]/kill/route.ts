import { KEBOOLA_OK, keboolaRoute, runIdOf } from "@/lib/compat/keboola";
import { killProcesses } from "@/lib/provisioning/kill-processes";
import { requireBackend } from "@/lib/provisioning/store";

type P = { backend: string; id: string };

// No body is read: Keboola's clients send none.
export const POST = keboolaRoute<undefined, undefined, P>({}, async ({ actor, params, req }) => {
  await killProcesses(actor, params.id, runIdOf(req.headers), (await requireBackend(params.backend)).backend);
  return KEBOOLA_OK;
});
