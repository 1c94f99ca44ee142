import "server-only";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { inTransaction } from "@/lib/db/tx";
import { provisionedCredentials, type ProvisionedCredentials } from "@/lib/db/tables";
import { backendConfig } from "./config";
import { removeContainer } from "./docker-engine";
import { backendUnavailable } from "./engine";
import { dockerIsAsync, engineFor, namesOf, requireCredentials } from "./store";

// DELETE /provisioning/{backend}/{id}, the console's Drop and the expiry job: the login, its
// sessions and its database (or schema) leave the server first, then the row.

export async function dropRow(actor: Actor, row: ProvisionedCredentials, action: "provisioning.drop" | "provisioning.expire", runId: string | null = null): Promise<void> {
  const config = await backendConfig(row.backend);
  // A backend no longer configured cannot be cleaned up; its row still goes, and the audit says so.
  let serverCleaned = false;
  try {
    if (config && (config.backend === "mysql" || config.backend === "redshift-workspace")) {
      await engineFor(config).drop(namesOf(row));
      serverCleaned = true;
    } else if (config?.backend === "docker" && config.dockerHost) {
      await removeContainer(config.dockerHost, row.db);
      serverCleaned = true;
    }
  } catch (e) {
    throw backendUnavailable(row.backend, e);
  }
  await inTransaction(async (tx) => {
    await tx.delete(provisionedCredentials).where(eq(provisionedCredentials.id, row.id));
    await recordAudit(actor, {
      action,
      targetType: "provisioned_credentials",
      targetId: row.id,
      targetLabel: `${row.backend}/${row.type} ${row.user}`,
      summary: { backend: row.backend, type: row.type, user: row.user, owner: row.ownerLabel, serverCleaned, ...(runId ? { runId } : {}) },
    });
  });
}

export async function dropCredentials(actor: Actor, id: string, runId: string | null, backend?: ProvisionedCredentials["backend"]): Promise<void> {
  const row = await requireCredentials(actor, id, backend);
  if (row.backend === "docker" && backend) throw dockerIsAsync();
  await dropRow(actor, row, "provisioning.drop", runId);
}
