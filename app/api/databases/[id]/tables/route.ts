import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { toNativeTable } from "@/lib/databases/native";
import { tableDescriptionOutSchema } from "@/lib/databases/native-schemas";
import { listTableDescriptions } from "@/lib/databases/table-descriptions";

export const GET = apiRoute<undefined, undefined, z.ZodType, { id: string }>({ role: "viewer", output: z.object({ tables: z.array(tableDescriptionOutSchema) }) }, async ({ params }) => ({
  tables: (await listTableDescriptions({ connectionId: params.id })).map(toNativeTable),
}));
