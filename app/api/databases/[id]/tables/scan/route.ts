import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { toNativeTable } from "@/lib/databases/native";
import { tableDescriptionOutSchema } from "@/lib/databases/native-schemas";
import { syncSchemas } from "@/lib/databases/table-descriptions";

const body = z.object({ tableNames: z.array(z.string().min(1)).optional() });

// Queues a background scan of the named tables (all when none are named): 202, tables SYNCHRONIZING.
export const POST = apiRoute<typeof body, undefined, z.ZodType, { id: string }>(
  { role: "editor", body, output: z.object({ tables: z.array(tableDescriptionOutSchema) }), status: 202 },
  async ({ actor, body, params }) => ({ tables: (await syncSchemas(actor, params.id, body.tableNames)).map(toNativeTable) }),
);
