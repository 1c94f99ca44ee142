import { apiRoute } from "@/lib/api/handler";
import { dryRunResponse, isDryRun, rehearse } from "@/lib/bundle/rehearse";
import { listNativeDatabases, nativeDatabaseOf, specOfNativeInput } from "@/lib/databases/native";
import { databaseConnectionOutSchema, databaseListQuerySchema, databaseListSchema } from "@/lib/databases/native-schemas";
import { databaseConnectionInputSchema } from "@/lib/databases/schemas";
import { createDatabaseConnection, prepareDatabaseWrite, writeDatabaseConnection } from "@/lib/databases/service";

export const GET = apiRoute({ role: "viewer", query: databaseListQuerySchema, output: databaseListSchema }, async ({ query }) => {
  const page = await listNativeDatabases(query);
  return { databases: page.items, total: page.total, nextCursor: page.nextCursor };
});

// Tested before it is saved: a connection that fails its test is never stored.
export const POST = apiRoute({ role: "editor", body: databaseConnectionInputSchema, output: databaseConnectionOutSchema, status: 201 }, async ({ req, actor, body }) => {
  if (!isDryRun(req)) return nativeDatabaseOf(await createDatabaseConnection(actor, specOfNativeInput(body)));
  // Dry run: the same test (a failing one is the same 4xx), then the write rolled back.
  const prepared = await prepareDatabaseWrite(specOfNativeInput(body), null, { role: actor.role });
  const result = await rehearse(async () => nativeDatabaseOf(await writeDatabaseConnection(actor, prepared)));
  return dryRunResponse({ action: "create", changes: [], test: { ok: true, message: `Connected: ${prepared.tables.length} table(s) found`, tables: prepared.tables.map((t) => `${t.schema}.${t.name}`) }, result });
});
