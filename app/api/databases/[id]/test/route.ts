import { apiRoute } from "@/lib/api/handler";
import { testSavedDatabase } from "@/lib/databases/test-saved";
import { databaseTestResultSchema } from "@/lib/databases/native-schemas";

export const POST = apiRoute<undefined, undefined, typeof databaseTestResultSchema, { id: string }>(
  { role: "editor", output: databaseTestResultSchema },
  ({ actor, params }) => testSavedDatabase(actor, params.id),
);
