import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { inTransaction } from "@/lib/db/tx";
import { provisionedCredentials } from "@/lib/db/tables";
import { CAN_EXTEND } from "./backends";
import { scheduleExpiry } from "./expire-credentials";
import { expiresAt, notFoundCredentials, requireCredentials } from "./store";
import { greatest, oneMillisecondAfter } from "@/lib/db/sql-dialect";

// POST /provisioning/{backend}/{id}/extend and the console's Extend: the validity period starts again.

export class CannotExtendError extends Error {
  constructor() {
    super("The sandbox cannot be extended.");
    this.name = "CannotExtendError";
  }
}

export async function extendCredentials(actor: Actor, id: string, runId: string | null, backend?: Parameters<typeof requireCredentials>[2]): Promise<{ id: string; touchedAt: Date; expiresAt: Date }> {
  const row = await requireCredentials(actor, id, backend);
  if (!CAN_EXTEND[row.backend]) throw new CannotExtendError();
  // Strictly later than the last touch even within one millisecond: clients compare touches.
  const now = Date.now();
  const updated = await inTransaction(async (tx) => {
    const [r] = await tx
      .update(provisionedCredentials)
      .set({ touchedAt: greatest(sql.param(new Date(now), provisionedCredentials.touchedAt), oneMillisecondAfter(provisionedCredentials.touchedAt)) })
      .where(eq(provisionedCredentials.id, row.id))
      .returning();
    if (!r) throw notFoundCredentials(); // dropped since it was read
    await recordAudit(actor, { action: "provisioning.extend", targetType: "provisioned_credentials", targetId: row.id, targetLabel: `${row.backend}/${row.type} ${row.user}`, summary: { runId } });
    return r;
  });
  await scheduleExpiry(expiresAt(updated));
  return { id: String(updated.id), touchedAt: updated.touchedAt, expiresAt: expiresAt(updated) };
}
