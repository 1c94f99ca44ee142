import { apiRoute } from "@/lib/api/handler";
import { specOfNativeInput, toNativeDatabase } from "@/lib/databases/native";
import { databaseConnectionOutSchema } from "@/lib/databases/native-schemas";
import { databaseConnectionInputSchema } from "@/lib/databases/schemas";
import { deleteDatabaseConnection, requireDatabaseConnection, updateDatabaseConnection } from "@/lib/databases/service";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, typeof databaseConnectionOutSchema, P>({ role: "viewer", output: databaseConnectionOutSchema }, ({ params }) =>
  toNativeDatabase(requireDatabaseConnection(params.id)),
);

export const PUT = apiRoute<typeof databaseConnectionInputSchema, undefined, typeof databaseConnectionOutSchema, P>(
  { role: "editor", body: databaseConnectionInputSchema, output: databaseConnectionOutSchema },
  async ({ actor, body, params }) => toNativeDatabase(await updateDatabaseConnection(actor, params.id, specOfNativeInput(body))),
);

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "editor" }, ({ actor, params }) => {
  deleteDatabaseConnection(actor, params.id);
});
