import { apiRoute } from "@/lib/api/handler";
import { testDatabaseForConsole } from "@/lib/databases/native";
import { databaseTestResultSchema } from "@/lib/databases/native-schemas";
import { databaseConnectionInputSchema } from "@/lib/databases/schemas";

export const POST = apiRoute({ role: "editor", body: databaseConnectionInputSchema, output: databaseTestResultSchema }, ({ actor, body }) => testDatabaseForConsole(body, actor.role));
