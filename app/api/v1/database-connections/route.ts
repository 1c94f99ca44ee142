import { apiRoute } from "@/lib/api/handler";
import { dataheraldErrors, toDataheraldConnection } from "@/lib/compat/dataherald";
import { databaseConnectionInputSchema } from "@/lib/databases/schemas";
import { createDatabaseConnection, listDatabaseConnections } from "@/lib/databases/service";

// Dataherald: POST creates a database connection (tested first; its tables become NOT_SCANNED
// table descriptions) and answers 201; GET lists them.
export const POST = apiRoute({ role: "editor", body: databaseConnectionInputSchema, status: 201, errors: dataheraldErrors }, async ({ actor, body }) =>
  toDataheraldConnection(await createDatabaseConnection(actor, body)),
);

export const GET = apiRoute({ role: "viewer", errors: dataheraldErrors }, () => listDatabaseConnections().map(toDataheraldConnection));
