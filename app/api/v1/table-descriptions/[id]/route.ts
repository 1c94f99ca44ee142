import { apiRoute } from "@/lib/api/handler";
import { dataheraldErrors, toDataheraldTable } from "@/lib/compat/dataherald";
import { tableDescriptionUpdateSchema } from "@/lib/databases/schemas";
import { requireTableDescription, updateTableDescription } from "@/lib/databases/table-descriptions";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, undefined, P>({ role: "viewer", errors: dataheraldErrors }, ({ params }) =>
  toDataheraldTable(requireTableDescription(params.id)),
);

export const PUT = apiRoute<typeof tableDescriptionUpdateSchema, undefined, undefined, P>(
  { role: "editor", body: tableDescriptionUpdateSchema, errors: dataheraldErrors },
  ({ actor, body, params }) => toDataheraldTable(updateTableDescription(actor, params.id, body)),
);
