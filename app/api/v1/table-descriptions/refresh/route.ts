import { apiRoute } from "@/lib/api/handler";
import { dataheraldErrors, toDataheraldTable } from "@/lib/compat/dataherald";
import { refreshSchema } from "@/lib/databases/schemas";
import { refreshTables } from "@/lib/databases/table-descriptions";

// New tables become NOT_SCANNED table descriptions; vanished ones are marked DEPRECATED.
export const POST = apiRoute({ role: "editor", body: refreshSchema, status: 201, errors: dataheraldErrors }, async ({ actor, body }) =>
  (await refreshTables(actor, body.db_connection_id)).map(toDataheraldTable),
);
