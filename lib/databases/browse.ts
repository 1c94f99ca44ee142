import "server-only";
import { noDriver, requireDatabaseConnection, targetOf, withDatabaseSession } from "./service";

async function sessionOf(id: string) {
  const row = await requireDatabaseConnection(id);
  const { target, ssh } = targetOf(row);
  if (!target) throw noDriver(row.config.dialect);
  return { target, ssh };
}

export async function listSchemasOf(id: string): Promise<string[]> {
  const { target, ssh } = await sessionOf(id);
  return withDatabaseSession(target, ssh, (s) => s.listSchemas());
}

/** The tables and views of a schema (the connection's default one when none is named). */
export async function listObjectsOf(id: string, schema?: string): Promise<{ name: string; schema: string; type: "table" | "view" }[]> {
  const { target, ssh } = await sessionOf(id);
  return withDatabaseSession(target, ssh, async (s) => (await s.listTables(schema)).map((t) => ({ name: t.name, schema: t.schema, type: t.type ?? "table" })));
}
