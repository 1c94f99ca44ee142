import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { getDb } from "@/lib/db/client";
import { provisionedCredentials } from "@/lib/db/schema";
import { CAN_EXTEND } from "./backends";
import { scheduleExpiry } from "./expire-credentials";
import { expiresAt, requireCredentials } from "./store";

// POST /provisioning/{backend}/{id}/extend and the console's Extend: the validity period starts again.

export class CannotExtendError extends Error {
  constructor() {
    super("The sandbox cannot be extended.");
    this.name = "CannotExtendError";
  }
}

export function extendCredentials(actor: Actor, id: string, runId: string | null, backend?: Parameters<typeof requireCredentials>[2]): { id: string; touchedAt: Date; expiresAt: Date } {
  const row = requireCredentials(actor, id, backend);
  if (!CAN_EXTEND[row.backend]) throw new CannotExtendError();
  // Strictly later than the last touch even within one millisecond: clients compare touches.
  const now = Date.now();
  const updated = getDb()
    .update(provisionedCredentials)
    .set({ touchedAt: sql`max(${now}, ${provisionedCredentials.touchedAt} + 1)` })
    .where(eq(provisionedCredentials.id, row.id))
    .returning()
    .get();
  recordAudit(actor, { action: "provisioning.extend", targetType: "provisioned_credentials", targetId: row.id, targetLabel: `${row.backend}/${row.type} ${row.user}`, summary: { runId } });
  scheduleExpiry(expiresAt(updated));
  return { id: String(updated.id), touchedAt: updated.touchedAt, expiresAt: expiresAt(updated) };
}
