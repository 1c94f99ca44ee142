import { apiRoute } from "@/lib/api/handler";
import { dataheraldErrors, toDataheraldConnection } from "@/lib/compat/dataherald";
import { databaseConnectionInputSchema } from "@/lib/databases/schemas";
import { requireDatabaseConnection, updateDatabaseConnection } from "@/lib/databases/service";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, undefined, P>({ role: "viewer", errors: dataheraldErrors }, ({ params }) =>
  toDataheraldConnection(requireDatabaseConnection(params.id)),
);

export const PUT = apiRoute<typeof databaseConnectionInputSchema, undefined, undefined, P>(
  { role: "editor", body: databaseConnectionInputSchema, errors: dataheraldErrors },
  async ({ actor, body, params }) => {
    requireDatabaseConnection(params.id);
    return toDataheraldConnection(await updateDatabaseConnection(actor, params.id, body));
  },
);
