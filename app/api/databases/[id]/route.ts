import { apiRoute } from "@/lib/api/handler";
import { dryRunResponse, isDryRun, rehearse, updateChanges } from "@/lib/bundle/rehearse";
import { nativeDatabaseOf, specOfNativeInput } from "@/lib/databases/native";
import { databaseConnectionOutSchema } from "@/lib/databases/native-schemas";
import { databaseConnectionInputSchema } from "@/lib/databases/schemas";
import { deleteDatabaseConnection, prepareDatabaseWrite, requireDatabaseConnection, updateDatabaseConnection, writeDatabaseConnection } from "@/lib/databases/service";

type P = { id: string };

export const GET = apiRoute<undefined, undefined, typeof databaseConnectionOutSchema, P>({ role: "viewer", output: databaseConnectionOutSchema }, async ({ params }) =>
  nativeDatabaseOf(await requireDatabaseConnection(params.id)),
);

export const PUT = apiRoute<typeof databaseConnectionInputSchema, undefined, typeof databaseConnectionOutSchema, P>(
  { role: "editor", body: databaseConnectionInputSchema, output: databaseConnectionOutSchema },
  async ({ req, actor, body, params }) => {
    if (!isDryRun(req)) return nativeDatabaseOf(await updateDatabaseConnection(actor, params.id, specOfNativeInput(body)));
    const row = await requireDatabaseConnection(params.id);
    const before = await nativeDatabaseOf(row);
    const prepared = await prepareDatabaseWrite(specOfNativeInput(body), params.id, { role: actor.role });
    const after = await rehearse(async () => {
      const written = await writeDatabaseConnection(actor, prepared);
      return { out: await nativeDatabaseOf(written), secrets: written.secrets };
    });
    const changes = updateChanges(before, after.out, [row.secrets, after.secrets]);
    const test = { ok: true, message: `Connected: ${prepared.tables.length} table(s) found`, tables: prepared.tables.map((t) => `${t.schema}.${t.name}`) };
    return dryRunResponse({ action: changes.length ? "update" : "unchanged", changes, test, result: after.out });
  },
);

export const DELETE = apiRoute<undefined, undefined, undefined, P>({ role: "editor" }, async ({ actor, params }) => {
  await deleteDatabaseConnection(actor, params.id);
});
