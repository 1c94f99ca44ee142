import { apiRoute } from "@/lib/api/handler";
import { pivotErrors, pivotNotFound } from "@/lib/compat/pivot";
import { deleteDruidConnection, findDruidByName, toPivot } from "@/lib/connections/druid-service";

// Next has already decoded the segment once: decoding again made %25 a 500 and pct%2541 mean pctA.
type P = { name: string };

export const GET = apiRoute<undefined, undefined, undefined, P>({ role: "viewer", errors: pivotErrors }, ({ params }) => {
  const row = findDruidByName(params.name);
  if (!row) throw pivotNotFound();
  return toPivot(row);
});

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "editor", errors: pivotErrors }, ({ actor, params }) => {
  if (!deleteDruidConnection(actor, params.name)) throw pivotNotFound();
  return {};
});
