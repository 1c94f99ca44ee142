import { apiRoute } from "@/lib/api/handler";
import { dataheraldErrors, toDataheraldTable } from "@/lib/compat/dataherald";
import { syncSchemasSchema } from "@/lib/databases/schemas";
import { syncSchemas } from "@/lib/databases/table-descriptions";

// Starts a background scan: the tables answer SYNCHRONIZING now, then SCANNED or FAILED.
export const POST = apiRoute({ role: "editor", body: syncSchemasSchema, status: 201, errors: dataheraldErrors }, ({ actor, body }) =>
  syncSchemas(actor, body.db_connection_id, body.table_names).map(toDataheraldTable),
);
