import { apiRoute } from "@/lib/api/handler";
import { pivotErrors, pivotNotFound } from "@/lib/compat/pivot";
import { deleteDruidConnection, findDruidByName, toPivot } from "@/lib/connections/druid-service";

type P = { name: string };

export const GET = apiRoute<undefined, undefined, undefined, P>({ role: "viewer", errors: pivotErrors }, ({ params }) => {
  const row = findDruidByName(decodeURIComponent(params.name));
  if (!row) throw pivotNotFound();
  return toPivot(row);
});

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "editor", errors: pivotErrors }, ({ actor, params }) => {
  if (!deleteDruidConnection(actor, decodeURIComponent(params.name))) throw pivotNotFound();
  return {};
});
