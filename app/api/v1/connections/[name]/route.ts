import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { pivotErrors, pivotNotFound, toPivot } from "@/lib/compat/pivot";
import { pivotConnectionOutSchema } from "@/lib/compat/pivot-schemas";
import { deleteDruidConnection, findDruidByName } from "@/lib/connections/druid-service";

// Next has already decoded the segment once: decoding again made %25 a 500 and pct%2541 mean pctA.
type P = { name: string };
const deleted = z.object({});

// Cached like the lists (kept until the store changes): a client polling one connection costs the
// token check and a lookup of the kept bytes; a missing name is never kept (it throws).
export const GET = apiRoute<undefined, undefined, typeof pivotConnectionOutSchema, P>({ role: "viewer", output: pivotConnectionOutSchema, errors: pivotErrors, cached: true }, async ({ params }) => {
  const row = await findDruidByName(params.name);
  if (!row) throw pivotNotFound();
  return toPivot(row);
});

export const DELETE = apiRoute<undefined, undefined, typeof deleted, P>({ role: "editor", output: deleted, errors: pivotErrors }, async ({ actor, params }) => {
  if (!(await deleteDruidConnection(actor, params.name))) throw pivotNotFound();
  return {};
});
