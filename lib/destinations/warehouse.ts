import "server-only";
import { eq } from "drizzle-orm";
import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { SECRET_MASK } from "@/lib/connections/rest-schemas";
import { getDb } from "@/lib/db/client";
import { settings } from "@/lib/db/schema";
import { decryptJson, encryptJson } from "@/lib/secrets/cipher";
import { requireSecretsAgainIfTargetChanged, type SecretTarget } from "@/lib/secrets/target-change";
import { checkPostgres } from "./postgres";
import { OFFERED_DESTINATIONS, type DestinationType } from "./types";
import { destinationOptions, maskWarehouse, warehouseSchema, type Warehouse } from "./warehouse-schemas";

const KEY = "warehouse";

const warehouseTarget = (w: Warehouse): SecretTarget =>
  w.type === "sqlite" ? { kind: w.type } : { kind: w.type, host: "host" in w ? w.host : w.account, port: "port" in w ? w.port : null, database: w.database };

/** The workspace's warehouse with its password, for the loaders. Embedded SQLite unless an admin chose otherwise. */
export function getWarehouse(): Warehouse {
  const row = getDb().select().from(settings).where(eq(settings.key, KEY)).get();
  if (!row) return { type: "sqlite" };
  const secrets = row.secrets ? decryptJson<{ password?: string }>(row.secrets) : {};
  const parsed = warehouseSchema.safeParse({ ...(row.value as object), ...secrets });
  return parsed.success ? parsed.data : { type: "sqlite" };
}

export function offeredDestinations(): DestinationType[] {
  return OFFERED_DESTINATIONS[getWarehouse().type];
}

export function warehouseView() {
  const w = getWarehouse();
  return { warehouse: maskWarehouse(w), destinations: destinationOptions(w.type), multiple: OFFERED_DESTINATIONS[w.type].length > 1 };
}

export async function setWarehouse(actor: Actor, input: Warehouse) {
  const previous = getWarehouse();
  let next = input;
  if ("password" in next && next.password === SECRET_MASK) {
    if (!("password" in previous) || !previous.password) {
      throw new ApiError("unprocessable_entity", "The warehouse has no stored password: enter it", { password: "Enter the password" });
    }
    // DESIGN §3: the stored password follows the warehouse only to the same server and database.
    const { password } = requireSecretsAgainIfTargetChanged(warehouseTarget(previous), warehouseTarget(next), {
      password: { value: undefined, keep: true, stored: previous.password, label: "password" },
    });
    next = { ...next, password } as Warehouse;
  }
  if (next.type === "postgres" || next.type === "redshift") {
    const problem = await checkPostgres(next);
    if (problem) throw new ApiError(problem.code ?? "unprocessable_entity", `Cannot use this warehouse: ${problem.message}`, { [problem.field]: problem.message });
  }
  const { password, ...value } = next as Warehouse & { password?: string };
  const secrets = password ? encryptJson({ password }) : null;
  const now = new Date();
  getDb()
    .insert(settings)
    .values({ key: KEY, value, secrets, updatedAt: now, updatedBy: actor.label })
    .onConflictDoUpdate({ target: settings.key, set: { value, secrets, updatedAt: now, updatedBy: actor.label } })
    .run();
  recordAudit(actor, { action: "setting.update", targetType: "setting", targetId: KEY, targetLabel: KEY, summary: { from: maskWarehouse(previous), to: maskWarehouse(next) } });
  return warehouseView();
}
