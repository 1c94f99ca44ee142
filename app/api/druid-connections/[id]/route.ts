import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { druidConnectionSchema } from "@/lib/connections/druid-schemas";
import { toNativeDruid } from "@/lib/connections/druid-native";
import { deleteDruidConnection, testDruidConnection, upsertDruidConnection } from "@/lib/connections/druid-service";
import { dryRunResponse, isDryRun, rehearse, updateChanges } from "@/lib/bundle/rehearse";
import { requireConnection } from "@/lib/connections/store";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, undefined, P>({ role: "viewer" }, async ({ params }) => toNativeDruid(await requireConnection(params.id, "druid")));

export const PUT = apiRoute<typeof druidConnectionSchema, undefined, undefined, P>({ role: "editor", body: druidConnectionSchema }, async ({ req, actor, body, params }) => {
  const row = await requireConnection(params.id, "druid");
  if (body.name !== row.name) throw new ApiError("unprocessable_entity", "A Druid connection's name cannot be changed (Pivot addresses it by name)", { name: "The name cannot be changed" });
  // The same connection still, when the write happens: not one deleted (or renamed away) meanwhile.
  const same = { expect: { id: row.id } };
  if (!isDryRun(req)) return toNativeDruid((await upsertDruidConnection(actor, body, same)).row);
  const after = await rehearse(async () => {
    const written = (await upsertDruidConnection(actor, body, same)).row;
    return { row: written, result: toNativeDruid(written) };
  });
  const changes = updateChanges(toNativeDruid(row), after.result, [row.secrets, after.row.secrets]);
  return dryRunResponse({ action: changes.length ? "update" : "unchanged", changes, test: await testDruidConnection(after.row), result: after.result });
});

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "editor" }, async ({ actor, params }) => {
  await deleteDruidConnection(actor, (await requireConnection(params.id, "druid")).name);
});
