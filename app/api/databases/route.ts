import { apiRoute } from "@/lib/api/handler";
import { listNativeDatabases, specOfNativeInput, toNativeDatabase } from "@/lib/databases/native";
import { databaseConnectionOutSchema, databaseListQuerySchema, databaseListSchema } from "@/lib/databases/native-schemas";
import { databaseConnectionInputSchema } from "@/lib/databases/schemas";
import { createDatabaseConnection } from "@/lib/databases/service";

export const GET = apiRoute({ role: "viewer", query: databaseListQuerySchema, output: databaseListSchema }, ({ query }) => {
  const page = listNativeDatabases(query);
  return { databases: page.items, total: page.total, nextCursor: page.nextCursor };
});

// Tested before it is saved: a connection that fails its test is never stored.
export const POST = apiRoute({ role: "editor", body: databaseConnectionInputSchema, output: databaseConnectionOutSchema, status: 201 }, async ({ actor, body }) =>
  toNativeDatabase(await createDatabaseConnection(actor, specOfNativeInput(body))),
);
