import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { BackendConfig } from "./config";
import { findOwnCredentials, inUseOf, notFoundCredentials, requireCredentials, requireOwner, requireType, viewOf, type CredentialsView } from "./store";

// GET /provisioning/{backend}?type= and GET /provisioning/{backend}/{id}.

/** The owner's ready credentials of a type; 404 when there are none (the client then POSTs). */
export async function findCredentialsByType(actor: Actor, config: BackendConfig, type: string): Promise<CredentialsView> {
  const row = await findOwnCredentials(requireOwner(actor), config.backend, requireType(config.backend, type));
  if (!row || row.state !== "ready") throw notFoundCredentials();
  return viewOf(row, await inUseOf(row));
}

export async function getCredentials(actor: Actor, config: BackendConfig, id: string): Promise<CredentialsView> {
  const row = await requireCredentials(actor, id, config.backend);
  return viewOf(row, await inUseOf(row));
}
