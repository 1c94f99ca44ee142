import "server-only";
import { openSession } from "@/lib/drivers/session";
import { connectionFailure, requireDatabaseConnection, targetOf } from "./service";

async function withSession<T>(id: string, fn: (s: Awaited<ReturnType<typeof openSession>>) => Promise<T>): Promise<T> {
  const { target, ssh } = targetOf(requireDatabaseConnection(id));
  if (!target) throw connectionFailure(new Error("No driver is available for this connection type here"), false);
  let session;
  try {
    session = await openSession(target, ssh);
  } catch (e) {
    throw connectionFailure(e, Boolean(ssh));
  }
  try {
    return await fn(session);
  } catch (e) {
    throw connectionFailure(e, Boolean(ssh));
  } finally {
    await session.close();
  }
}

export function listSchemasOf(id: string): Promise<string[]> {
  return withSession(id, (s) => s.listSchemas());
}

export function listObjectsOf(id: string, schema?: string) {
  return withSession(id, async (s) => (await s.listTables(schema)).map((t) => ({ name: t.name, schema: t.schema, type: "TABLE" })));
}
