import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { dataheraldErrors, toDataheraldTable } from "@/lib/compat/dataherald";
import { listTableDescriptions } from "@/lib/databases/table-descriptions";

const query = z.object({ db_connection_id: z.string().optional(), table_name: z.string().optional() });

export const GET = apiRoute({ role: "viewer", query, errors: dataheraldErrors }, ({ query }) =>
  listTableDescriptions({ connectionId: query.db_connection_id, tableName: query.table_name }).map(toDataheraldTable),
);
