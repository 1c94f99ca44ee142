import "server-only";
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { db, first, inTransaction } from "@/lib/db/tx";
import { provisionedCredentials, type ProvisionedCredentials } from "@/lib/db/tables";
import { encrypt } from "@/lib/secrets/cipher";
import type { BackendConfig } from "./config";
import { backendUnavailable, RETRY_AFTER_SECONDS } from "./engine";
import { scheduleExpiry } from "./expire-credentials";
import { engineFor, expiresAt, findOwnCredentials, inUseOf, namesOf, ownerLabelOf, requireOwner, requireType, viewOf, type CredentialsView } from "./store";

// POST /provisioning/{backend}: the owner's credentials of that type, created when there are none.
// The unique index on (owner, backend, type) decides between two concurrent creates: the loser
// waits for the winner's row instead of creating a second login.

const CREATING_WAIT_MS = 20_000;
// A row left "creating" this long belongs to a process that died while creating it.
const STALE_CREATING_MS = 120_000;

function sandboxNames(config: BackendConfig, type: string) {
  const user = `sy_${type.slice(0, 4)}_${crypto.randomBytes(5).toString("hex")}`;
  return config.backend === "redshift-workspace" ? { user, db: config.server.database!, schema: user } : { user, db: user, schema: user };
}

async function waitUntilReady(id: number): Promise<ProvisionedCredentials | undefined> {
  const deadline = Date.now() + CREATING_WAIT_MS;
  for (;;) {
    const row = await first(db().select().from(provisionedCredentials).where(eq(provisionedCredentials.id, id)));
    if (!row || row.state === "ready" || Date.now() > deadline) return row;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function removeRow(id: number): Promise<void> {
  await inTransaction((tx) => tx.delete(provisionedCredentials).where(and(eq(provisionedCredentials.id, id), eq(provisionedCredentials.state, "creating"))));
}

export async function getOrCreateCredentials(actor: Actor, config: BackendConfig, typeInput: string, runId: string | null): Promise<{ created: boolean; credentials: CredentialsView }> {
  const ownerId = requireOwner(actor);
  const type = requireType(config.backend, typeInput);
  const engine = engineFor(config);
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await findOwnCredentials(ownerId, config.backend, type);
    if (existing) {
      if (existing.state === "ready") return { created: false, credentials: viewOf(existing, await inUseOf(existing)) };
      if (Date.now() - existing.createdAt.getTime() > STALE_CREATING_MS) {
        await engine.drop(namesOf(existing)).catch(() => {});
        await removeRow(existing.id);
        continue;
      }
      const ready = await waitUntilReady(existing.id);
      if (ready?.state === "ready") return { created: false, credentials: viewOf(ready, await inUseOf(ready)) };
      if (ready) throw new ApiError("service_unavailable", "These credentials are still being created; try again shortly", undefined, { "retry-after": String(RETRY_AFTER_SECONDS) });
      continue;
    }
    const names = sandboxNames(config, type);
    const password = crypto.randomBytes(18).toString("base64url");
    const now = new Date();
    // The unique index decides here; the server's login is made outside any transaction (a network call).
    const [inserted] = await inTransaction((tx) =>
      tx
        .insert(provisionedCredentials)
        .values({
          backend: config.backend,
          type,
          ownerId,
          ownerLabel: ownerLabelOf(actor),
          state: "creating",
          hostname: "server" in config ? config.server.host : "",
          port: "server" in config ? config.server.port : null,
          db: names.db,
          schema: names.schema,
          user: names.user,
          warehouse: null,
          password: encrypt(password),
          touchedAt: now,
          runId,
        })
        .onConflictDoNothing()
        .returning(),
    );
    if (!inserted) continue;
    try {
      await engine.create(names, password);
    } catch (e) {
      // Whatever part was made is undone, so the next call starts clean.
      await engine.drop(names).catch(() => {});
      await removeRow(inserted.id);
      throw backendUnavailable(config.backend, e);
    }
    const row = await inTransaction(async (tx) => {
      const [r] = await tx.update(provisionedCredentials).set({ state: "ready" }).where(eq(provisionedCredentials.id, inserted.id)).returning();
      await recordAudit(actor, { action: "provisioning.create", targetType: "provisioned_credentials", targetId: r.id, targetLabel: `${r.backend}/${r.type} ${r.user}`, summary: { backend: r.backend, type, user: r.user, runId } });
      return r;
    });
    await scheduleExpiry(expiresAt(row));
    return { created: true, credentials: viewOf(row, false) };
  }
  throw new ApiError("service_unavailable", "These credentials changed while they were being created; try again", undefined, { "retry-after": String(RETRY_AFTER_SECONDS) });
}
