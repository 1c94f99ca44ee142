import "server-only";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { inTransaction } from "@/lib/db/tx";
import { connections } from "@/lib/db/tables";
import { testSavedDatabase } from "@/lib/databases/test-saved";
import { testDruidConnection } from "./druid-service";
import { testRestConnection } from "./rest-service";
import { requireConnection } from "./store";

export async function testConnectionById(actor: Actor, id: string) {
  const row = await requireConnection(id);
  if (row.kind === "rest") return testRestConnection(actor, id);
  if (row.kind === "database") return testSavedDatabase(actor, id);
  // The test calls the query hosts: outside the transaction, which only records its result.
  const result = await testDruidConnection(row);
  const lastTest = { ok: result.ok, code: result.code, message: result.message, at: new Date().toISOString(), timeMs: result.timeMs };
  await inTransaction(async (tx) => {
    await tx.update(connections).set({ config: { ...row.config, lastTest } }).where(eq(connections.id, id));
    await recordAudit(actor, { action: "connection.test", targetType: "connection", targetId: id, targetLabel: row.name, summary: { ok: result.ok, code: result.code } });
  });
  return result;
}
