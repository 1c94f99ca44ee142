import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/tx";
import { provisionedCredentials, type ProvisionedCredentials } from "@/lib/db/tables";
import { PROVISIONING_BACKENDS } from "./backends";
import { backendStatuses } from "./config";
import type { CredentialsSummary, ProvisioningOverview } from "./schemas";
import { describeRow, expiresAt, requireCredentials, sessionCounts } from "./store";

// The console's Provisioning page: every backend's status and the credentials the actor may see,
// each with whether its login has a session on the server now (one question per backend).

function summaryOf(row: ProvisionedCredentials, inUse: boolean | null): CredentialsSummary {
  return { ...describeRow(row), createdAt: row.createdAt.toISOString(), touchedAt: row.touchedAt.toISOString(), expiresAt: expiresAt(row).toISOString(), inUse };
}

export async function listProvisioning(actor: Actor): Promise<ProvisioningOverview> {
  const query = db().select().from(provisionedCredentials);
  const rows = (await (actor.role === "admin" ? query : query.where(eq(provisionedCredentials.ownerId, actor.userId ?? -1))).orderBy(desc(provisionedCredentials.id))).filter((r) => r.state === "ready");
  const counts = new Map<string, Map<string, number> | null>();
  await Promise.all(
    PROVISIONING_BACKENDS.map(async (b) => {
      const users = rows.filter((r) => r.backend === b).map((r) => r.user);
      if (users.length) counts.set(b, await sessionCounts(b, users));
    }),
  );
  return {
    backends: await backendStatuses(),
    credentials: rows.map((r) => {
      const c = counts.get(r.backend);
      return summaryOf(r, c ? (c.get(r.user) ?? 0) > 0 : null);
    }),
  };
}

export async function getCredentialsSummary(actor: Actor, id: string): Promise<CredentialsSummary> {
  const row = await requireCredentials(actor, id);
  const c = await sessionCounts(row.backend, [row.user]);
  return summaryOf(row, c ? (c.get(row.user) ?? 0) > 0 : null);
}
