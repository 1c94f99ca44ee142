import { keboolaRoute, runIdOf, toKeboolaExtended } from "@/lib/compat/keboola";
import { extendCredentials } from "@/lib/provisioning/extend-credentials";
import { requireBackend } from "@/lib/provisioning/store";

type P = { backend: string; id: string };

export const POST = keboolaRoute<undefined, undefined, P>({}, async ({ actor, params, req }) =>
  toKeboolaExtended(await extendCredentials(actor, params.id, runIdOf(req.headers), (await requireBackend(params.backend)).backend)),
);
