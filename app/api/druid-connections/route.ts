import { apiRoute } from "@/lib/api/handler";
import { druidConnectionSchema } from "@/lib/connections/druid-schemas";
import { toNativeDruid } from "@/lib/connections/druid-native";
import { findDruidByName, listDruidConnections, upsertDruidConnection } from "@/lib/connections/druid-service";
import { ApiError } from "@/lib/api/errors";

export const GET = apiRoute({ role: "viewer" }, () => ({ connections: listDruidConnections().map(toNativeDruid) }));

export const POST = apiRoute({ role: "editor", body: druidConnectionSchema, status: 201 }, ({ actor, body }) => {
  if (findDruidByName(body.name)) throw new ApiError("conflict", `A connection named ${body.name} already exists`, { name: "This name is already taken" });
  return toNativeDruid(upsertDruidConnection(actor, body).row);
});
