import { keboolaRoute, runIdOf, toKeboolaExtended } from "@/lib/compat/keboola";
import { extendCredentials } from "@/lib/provisioning/extend-credentials";
import { requireBackend } from "@/lib/provisioning/store";

type P = { backend: string; id: string };

export const POST = keboolaRoute<undefined, undefined, P>({}, ({ actor, params, req }) =>
  toKeboolaExtended(extendCredentials(actor, params.id, runIdOf(req.headers), requireBackend(params.backend).backend)),
);
