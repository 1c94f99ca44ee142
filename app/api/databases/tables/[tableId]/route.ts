import { apiRoute } from "@/lib/api/handler";
import { toNativeTable } from "@/lib/databases/native";
import { tableDescriptionOutSchema } from "@/lib/databases/native-schemas";
import { tableDescriptionUpdateSchema } from "@/lib/databases/schemas";
import { requireTableDescription, updateTableDescription } from "@/lib/databases/table-descriptions";

type P = { tableId: string };

export const GET = apiRoute<undefined, undefined, typeof tableDescriptionOutSchema, P>({ role: "viewer", output: tableDescriptionOutSchema }, async ({ params }) =>
  toNativeTable(await requireTableDescription(params.tableId)),
);

export const PATCH = apiRoute<typeof tableDescriptionUpdateSchema, undefined, typeof tableDescriptionOutSchema, P>(
  { role: "editor", body: tableDescriptionUpdateSchema, output: tableDescriptionOutSchema },
  async ({ actor, body, params }) => toNativeTable(await updateTableDescription(actor, params.tableId, body)),
);
