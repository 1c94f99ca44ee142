import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { decrypt } from "@/lib/secrets/cipher";
import { requireCredentials } from "./store";

// The console's "Reveal": the sandbox password, to its owner (or an admin), and an audit event saying who saw it.
export async function revealPassword(actor: Actor, id: string): Promise<{ password: string }> {
  const row = await requireCredentials(actor, id);
  await recordAudit(actor, { action: "provisioning.reveal", targetType: "provisioned_credentials", targetId: row.id, targetLabel: `${row.backend}/${row.type} ${row.user}` });
  return { password: decrypt(row.password) };
}
