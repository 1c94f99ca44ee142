import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { SECRET_MASK } from "@/lib/connections/rest-schemas";
import { db, first, inTransaction } from "@/lib/db/tx";
import { feeds, settings } from "@/lib/db/tables";
import { pauseFeedWithReason } from "@/lib/feeds/service";
import { decryptJson, encryptJson } from "@/lib/secrets/cipher";
import { assertMaySetRefs, isSecretRef, resolveSecretValue, SecretRefError } from "@/lib/secrets/refs";
import { requireSecretsAgainIfTargetChanged, type SecretTarget } from "@/lib/secrets/target-change";
import { checkPostgres } from "./postgres";
import { DESTINATION_LABELS, OFFERED_DESTINATIONS, WAREHOUSE_LABELS, type DestinationType, type WarehouseType } from "./types";
import { destinationOptions, maskWarehouse, warehouseSchema, type AffectedFeeds, type Warehouse, type WarehouseUpdate } from "./warehouse-schemas";

const KEY = "warehouse";

const warehouseTarget = (w: Warehouse): SecretTarget =>
  w.type === "sqlite" ? { kind: w.type } : { kind: w.type, host: "host" in w ? w.host : w.account, port: "port" in w ? w.port : null, database: w.database };

/** The workspace's warehouse as stored (a password may be a secret reference). Embedded SQLite unless an admin chose otherwise. */
export async function getWarehouse(): Promise<Warehouse> {
  const row = await first(db().select().from(settings).where(eq(settings.key, KEY)));
  if (!row) return { type: "sqlite" };
  const secrets = row.secrets ? decryptJson<{ password?: string }>(row.secrets) : {};
  const parsed = warehouseSchema.safeParse({ ...(row.value as object), ...secrets });
  return parsed.success ? parsed.data : { type: "sqlite" };
}

/**
 * The warehouse with its password's secret reference resolved, for one use by a loader or a check:
 * never stored. A reference that cannot be resolved throws, naming it (the load run fails with it).
 */
export function warehouseForUse(w: Warehouse): Warehouse {
  if (!("password" in w) || !isSecretRef(w.password)) return w;
  try {
    return { ...w, password: resolveSecretValue(w.password) } as Warehouse;
  } catch (e) {
    // A 409 where an API request needs the warehouse (a state write), not a 500; a load run fails with the message.
    if (e instanceof SecretRefError) throw new ApiError("conflict", `The warehouse password: ${e.message}`);
    throw e;
  }
}

/** What may be shown: the password masked, or its reference as written (a reference is no secret). */
function shownWarehouse(w: Warehouse): Record<string, unknown> {
  const shown = maskWarehouse(w);
  return "password" in w && isSecretRef(w.password) ? { ...shown, password: w.password } : shown;
}

export async function offeredDestinations(): Promise<DestinationType[]> {
  return OFFERED_DESTINATIONS[(await getWarehouse()).type];
}

export async function warehouseView() {
  const w = await getWarehouse();
  return { warehouse: shownWarehouse(w), destinations: destinationOptions(w.type), multiple: OFFERED_DESTINATIONS[w.type].length > 1 };
}

/** Active and paused feeds that load into a destination a warehouse of this type does not offer. */
export async function affectedFeeds(type: WarehouseType): Promise<AffectedFeeds> {
  const offered = OFFERED_DESTINATIONS[type];
  const list = (
    await db()
      .select({ id: feeds.id, name: feeds.name, status: feeds.status, destinations: feeds.destinations })
      .from(feeds)
      .where(inArray(feeds.status, ["active", "paused"]))
      .orderBy(asc(feeds.id))
  )
    .map((f) => ({ ...f, notOffered: f.destinations.filter((d) => !offered.includes(d as DestinationType)) }))
    .filter((f) => f.notOffered.length > 0);
  return { type, offered, feeds: list };
}

const pauseReason = (type: WarehouseType, notOffered: string[]) =>
  `Paused when the warehouse was switched to ${WAREHOUSE_LABELS[type]}, which does not offer ${notOffered.map((d) => DESTINATION_LABELS[d as DestinationType] ?? d).join(", ")}. Choose another destination, then resume.`;

export async function setWarehouse(actor: Actor, { pauseAffected = false, ...input }: WarehouseUpdate) {
  const previous = await getWarehouse();
  let next = input as Warehouse;
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
  // Only an admin sets a reference (this setting is admin-only today; checked here all the same).
  assertMaySetRefs(actor.role, { password: "password" in previous ? previous.password : undefined }, { password: "password" in next ? next.password : undefined });
  if (next.type === "postgres" || next.type === "redshift") {
    let used: Warehouse;
    try {
      used = warehouseForUse(next);
    } catch (e) {
      throw new ApiError("unprocessable_entity", (e as Error).message, { password: (e as Error).message });
    }
    const problem = await checkPostgres(used as typeof next);
    if (problem) throw new ApiError(problem.code ?? "unprocessable_entity", `Cannot use this warehouse: ${problem.message}`, { [problem.field]: problem.message });
  }
  const { password, ...value } = next as Warehouse & { password?: string };
  const secrets = password ? encryptJson({ password }) : null;
  const now = new Date();
  await inTransaction(async (tx) => {
    // After the input is known to work (422 first; the check above is the slow part, so it stays
    // outside). Read in the transaction that switches: it is the list the switch breaks. GET
    // .../affected-feeds tells the console beforehand.
    const affected = (await affectedFeeds(next.type)).feeds;
    if (affected.length && !pauseAffected) {
      const names = affected.map((f) => `${f.name ?? "draft"} (#${f.id})`).join(", ");
      throw new ApiError(
        "conflict",
        `${WAREHOUSE_LABELS[next.type]} does not offer the destinations of ${affected.length} feed(s): ${names}. Send pauseAffected: true to pause them and switch.`,
        { pauseAffected: `Pausing ${affected.length} feed(s): ${names}` },
      );
    }
    await tx
      .insert(settings)
      .values({ key: KEY, value, secrets, updatedAt: now, updatedBy: actor.label })
      .onConflictDoUpdate({ target: settings.key, set: { value, secrets, updatedAt: now, updatedBy: actor.label } });
    for (const f of affected) await pauseFeedWithReason(actor, f.id, pauseReason(next.type, f.notOffered));
    await recordAudit(actor, { action: "setting.update", targetType: "setting", targetId: KEY, targetLabel: KEY, summary: { from: maskWarehouse(previous), to: maskWarehouse(next) } });
  });
  return warehouseView();
}
