import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { specOfNativeInput, toNativeDatabase } from "@/lib/databases/native";
import { databaseConnectionOutSchema } from "@/lib/databases/native-schemas";
import { databaseConnectionInputSchema } from "@/lib/databases/schemas";
import { createDatabaseConnection, listDatabaseConnections } from "@/lib/databases/service";

export const GET = apiRoute({ role: "viewer", output: z.object({ databases: z.array(databaseConnectionOutSchema) }) }, () => ({
  databases: listDatabaseConnections().map(toNativeDatabase),
}));

// Tested before it is saved: a connection that fails its test is never stored.
export const POST = apiRoute({ role: "editor", body: databaseConnectionInputSchema, output: databaseConnectionOutSchema, status: 201 }, async ({ actor, body }) =>
  toNativeDatabase(await createDatabaseConnection(actor, specOfNativeInput(body))),
);
