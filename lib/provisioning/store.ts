import "server-only";
import { and, eq } from "drizzle-orm";
import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { db, first } from "@/lib/db/tx";
import { provisionedCredentials, type ProvisionedCredentials } from "@/lib/db/tables";
import { decrypt } from "@/lib/secrets/cipher";
import { ALLOWED_TYPES, CAN_EXTEND, isBackend, type ProvisioningBackend } from "./backends";
import { backendConfig, snowflakeProblem, type BackendConfig } from "./config";
import type { Engine, SandboxNames } from "./engine";
import { mysqlEngine } from "./mysql-engine";
import { postgresEngine } from "./postgres-engine";

// What every verb shares: which backend a path names, whose credentials an actor may see, and the
// engine that acts on a backend's server.

export const CREDENTIALS_NOT_FOUND = "Credentials not found.";
export const notFoundCredentials = () => new ApiError("not_found", CREDENTIALS_NOT_FOUND);

/** The backend a path names, configured; 400 `'<backend>' not found.` otherwise (Keboola's own words). */
export async function requireBackend(name: string): Promise<BackendConfig> {
  const config = isBackend(name) ? await backendConfig(name) : null;
  if (!config) throw new ApiError("bad_request", `'${name}' not found.`);
  return config;
}

export function requireType(backend: ProvisioningBackend, type: string): string {
  if (!ALLOWED_TYPES[backend].includes(type)) {
    throw new ApiError("bad_request", `Type '${type}' is not allowed for the ${backend} backend; allowed types: ${ALLOWED_TYPES[backend].join(", ")}.`, { type: `One of ${ALLOWED_TYPES[backend].join(", ")}` });
  }
  return type;
}

/** The engine of a sync backend; Snowflake and Docker answer 400 here, saying why. */
export function engineFor(config: BackendConfig): Engine {
  if (config.backend === "mysql") return mysqlEngine(config.server);
  if (config.backend === "redshift-workspace") return postgresEngine(config.server);
  if (config.backend === "snowflake") throw new ApiError("bad_request", snowflakeProblem(config.snowflake.account));
  throw dockerIsAsync();
}

export const dockerIsAsync = () =>
  new ApiError("bad_request", "The docker backend creates and drops sandboxes through async actions only: POST /provisioning/async/docker, DELETE /provisioning/async/docker/{id}");

/** The configuration of the backend a row was created on; 503 when it is no longer configured. */
export async function configOfRow(row: ProvisionedCredentials): Promise<BackendConfig> {
  const config = await backendConfig(row.backend);
  if (!config) throw new ApiError("service_unavailable", `The ${row.backend} backend is no longer configured (Settings -> Provisioning)`, undefined, { "retry-after": "60" });
  return config;
}

export function namesOf(row: Pick<ProvisionedCredentials, "user" | "db" | "schema">): SandboxNames {
  return { user: row.user, db: row.db, schema: row.schema ?? row.db };
}

const DAY_MS = 86_400_000;

/** How long credentials live untouched: PROVISIONING_EXPIRY_DAYS (14), PROVISIONING_DOCKER_EXPIRY_DAYS (5). Fractions allowed. */
export function expiryMs(backend: ProvisioningBackend): number {
  const raw = backend === "docker" ? process.env.PROVISIONING_DOCKER_EXPIRY_DAYS : process.env.PROVISIONING_EXPIRY_DAYS;
  const days = Number(raw);
  return (Number.isFinite(days) && days > 0 ? days : backend === "docker" ? 5 : 14) * DAY_MS;
}

export const expiresAt = (row: Pick<ProvisionedCredentials, "backend" | "touchedAt">) => new Date(row.touchedAt.getTime() + expiryMs(row.backend));

const mayManage = (actor: Actor, row: ProvisionedCredentials) => actor.role === "admin" || row.ownerId === actor.userId;

/** Ready credentials the actor owns (admins: anyone's); 404 `Credentials not found.` otherwise. */
export async function requireCredentials(actor: Actor, id: string, backend?: ProvisioningBackend): Promise<ProvisionedCredentials> {
  if (!/^\d{1,15}$/.test(id)) throw notFoundCredentials();
  const row = await first(db().select().from(provisionedCredentials).where(eq(provisionedCredentials.id, Number(id))));
  if (!row || row.state !== "ready" || (backend && row.backend !== backend) || !mayManage(actor, row)) throw notFoundCredentials();
  return row;
}

export function findOwnCredentials(ownerId: number, backend: ProvisioningBackend, type: string): Promise<ProvisionedCredentials | undefined> {
  return first(
    db()
      .select()
      .from(provisionedCredentials)
      .where(and(eq(provisionedCredentials.ownerId, ownerId), eq(provisionedCredentials.backend, backend), eq(provisionedCredentials.type, type))),
  );
}

/** Who owns what an actor creates, as lists show it: the user's email, also for their tokens. */
export function ownerLabelOf(actor: Actor): string {
  return actor.type === "token" ? (actor.label.split(" of ").pop() ?? actor.label) : actor.label;
}

export function requireOwner(actor: Actor): number {
  if (actor.userId === null) throw new ApiError("forbidden", "Provisioned credentials belong to a user: send a user's API token");
  return actor.userId;
}

/** Credentials as the verbs hand them to a surface: the password in plain text, for its owner. */
export type CredentialsView = {
  id: string;
  backend: ProvisioningBackend;
  type: string;
  owner: string;
  hostname: string;
  port: number | null;
  db: string;
  schema: string | null;
  user: string;
  warehouse: string | null;
  password: string;
  createdAt: Date;
  touchedAt: Date;
  expiresAt: Date;
  canExtend: boolean;
  inUse?: boolean | null;
};

/** What every surface shows of credentials, the password and the dates aside. */
export function describeRow(row: ProvisionedCredentials) {
  const { backend, type, hostname, port, db, schema, user, warehouse } = row;
  return { id: String(row.id), backend, type, owner: row.ownerLabel, hostname, port, db, schema, user, warehouse, canExtend: CAN_EXTEND[backend] };
}

export function viewOf(row: ProvisionedCredentials, inUse?: boolean | null): CredentialsView {
  return { ...describeRow(row), password: decrypt(row.password), createdAt: row.createdAt, touchedAt: row.touchedAt, expiresAt: expiresAt(row), ...(inUse === undefined ? {} : { inUse }) };
}

/** Open sessions of these logins on the backend's server; null when it cannot be asked. */
export async function sessionCounts(backend: ProvisioningBackend, users: string[]): Promise<Map<string, number> | null> {
  const config = await backendConfig(backend);
  if (!config || (config.backend !== "mysql" && config.backend !== "redshift-workspace")) return config?.backend === "docker" ? new Map() : null;
  try {
    return await engineFor(config).sessions(users);
  } catch {
    return null;
  }
}

export async function inUseOf(row: ProvisionedCredentials): Promise<boolean | null> {
  const counts = await sessionCounts(row.backend, [row.user]);
  return counts ? (counts.get(row.user) ?? 0) > 0 : null;
}

/** Async actions exist for the docker backend only. */
export function requireAsyncBackend(name: string): void {
  if (name !== "docker") throw new ApiError("bad_request", isBackend(name) ? `The ${name} backend has no async actions; use POST /provisioning/${name}` : `'${name}' not found.`);
}
