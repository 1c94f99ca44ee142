import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { toNativeTable } from "@/lib/databases/native";
import { tableDescriptionOutSchema } from "@/lib/databases/native-schemas";
import { refreshTables } from "@/lib/databases/table-descriptions";

export const POST = apiRoute<undefined, undefined, z.ZodType, { id: string }>(
  { role: "editor", output: z.object({ tables: z.array(tableDescriptionOutSchema) }) },
  async ({ actor, params }) => ({ tables: (await refreshTables(actor, params.id)).map(toNativeTable) }),
);
