import "server-only";
import { connectionFailure, requireDatabaseConnection, targetOf, withDatabaseSession } from "./service";

function sessionOf(id: string) {
  const { target, ssh } = targetOf(requireDatabaseConnection(id));
  if (!target) throw connectionFailure(new Error("No driver is available for this connection type here"), false);
  return { target, ssh };
}

export function listSchemasOf(id: string): Promise<string[]> {
  const { target, ssh } = sessionOf(id);
  return withDatabaseSession(target, ssh, (s) => s.listSchemas());
}

export function listObjectsOf(id: string, schema?: string) {
  const { target, ssh } = sessionOf(id);
  return withDatabaseSession(target, ssh, async (s) => (await s.listTables(schema)).map((t) => ({ name: t.name, schema: t.schema, type: "TABLE" })));
}
