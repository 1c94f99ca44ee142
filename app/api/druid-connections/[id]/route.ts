import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { druidConnectionSchema } from "@/lib/connections/druid-schemas";
import { toNativeDruid } from "@/lib/connections/druid-native";
import { deleteDruidConnection, upsertDruidConnection } from "@/lib/connections/druid-service";
import { requireConnection } from "@/lib/connections/store";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, undefined, P>({ role: "viewer" }, ({ params }) => toNativeDruid(requireConnection(params.id, "druid")));

export const PUT = apiRoute<typeof druidConnectionSchema, undefined, undefined, P>({ role: "editor", body: druidConnectionSchema }, ({ actor, body, params }) => {
  const row = requireConnection(params.id, "druid");
  if (body.name !== row.name) throw new ApiError("unprocessable_entity", "A Druid connection's name cannot be changed (Pivot addresses it by name)", { name: "The name cannot be changed" });
  return toNativeDruid(upsertDruidConnection(actor, body).row);
});

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "editor" }, ({ actor, params }) => {
  deleteDruidConnection(actor, requireConnection(params.id, "druid").name);
});
