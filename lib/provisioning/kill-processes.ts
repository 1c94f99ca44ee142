import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { backendUnavailable } from "./engine";
import { configOfRow, engineFor, requireCredentials } from "./store";

// POST /provisioning/{backend}/{id}/kill and the console's Kill processes: every session of the
// sandbox login on the server ends. The caller's X-KBC-RunId is recorded in the audit log.

export async function killProcesses(actor: Actor, id: string, runId: string | null, backend?: Parameters<typeof requireCredentials>[2]): Promise<{ killed: number }> {
  const row = await requireCredentials(actor, id, backend);
  const engine = engineFor(await configOfRow(row));
  let killed: number;
  try {
    killed = await engine.kill(row.user);
  } catch (e) {
    throw backendUnavailable(row.backend, e);
  }
  await recordAudit(actor, { action: "provisioning.kill", targetType: "provisioned_credentials", targetId: row.id, targetLabel: `${row.backend}/${row.type} ${row.user}`, summary: { killed, runId } });
  return { killed };
}
