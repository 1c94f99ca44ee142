import { apiRoute } from "@/lib/api/handler";
import { dryRunResponse, isDryRun, rehearse, updateChanges } from "@/lib/bundle/rehearse";
import { restConnectionInputSchema, restConnectionSchema } from "@/lib/connections/rest-schemas";
import { deleteConnection, getRestConnection, testRestConnectionInput, updateRestConnection } from "@/lib/connections/rest-service";
import { findConnection, requireConnection } from "@/lib/connections/store";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, typeof restConnectionSchema, P>({ role: "viewer", output: restConnectionSchema }, ({ params }) =>
  getRestConnection(params.id),
);

export const PATCH = apiRoute<typeof restConnectionInputSchema, undefined, typeof restConnectionSchema, P>(
  { role: "editor", body: restConnectionInputSchema, output: restConnectionSchema },
  async ({ req, actor, body, params }) => {
    if (!isDryRun(req)) return updateRestConnection(actor, params.id, body);
    const before = { out: await getRestConnection(params.id), secrets: (await requireConnection(params.id)).secrets };
    const after = await rehearse(async () => ({ out: await updateRestConnection(actor, params.id, body), secrets: (await findConnection(params.id))!.secrets }));
    const changes = updateChanges(before.out, after.out, [before.secrets, after.secrets]);
    return dryRunResponse({ action: changes.length ? "update" : "unchanged", changes, test: await testRestConnectionInput(body, params.id, actor.role, { dryRun: true }), result: after.out });
  },
);

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "editor" }, async ({ actor, params }) => {
  await deleteConnection(actor, params.id);
});
