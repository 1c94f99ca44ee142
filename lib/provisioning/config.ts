import "server-only";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { db, first, inTransaction } from "@/lib/db/tx";
import { settings } from "@/lib/db/tables";
import { decryptJson, encryptJson } from "@/lib/secrets/cipher";
import { ApiError } from "@/lib/api/errors";
import { isMaskValue, MASK, redactUri } from "@/lib/secrets/redact";
import { assertMaySetRefs, refOrNull, resolveSecretValue, SecretRefError, showRefInUri } from "@/lib/secrets/refs";
import { PROVISIONING_BACKENDS, type ProvisioningBackend } from "./backends";
import type { BackendStatus, ProvisioningSettings, ProvisioningSettingsInput } from "./schemas";

// Where each backend creates its sandboxes: Settings -> Provisioning when saved there, the
// environment (PROVISIONING_*, DOCKER_HOST) otherwise. The administrative URLs and the Snowflake
// password live only in the settings row's encrypted `secrets` column (rotated with every secret).

const KEY = "provisioning.backends";

export type ServerTarget = { host: string; port: number; user: string; password: string; database?: string };
export type SnowflakeTarget = { account: string; user: string; password: string; warehouse: string };
export type BackendConfig =
  | { backend: "mysql"; source: Source; server: ServerTarget }
  | { backend: "redshift-workspace"; source: Source; server: ServerTarget }
  | { backend: "snowflake"; source: Source; snowflake: SnowflakeTarget }
  | { backend: "docker"; source: Source; dockerHost: string };
type Source = "settings" | "environment";

type Saved = { mysqlUrl: string; redshiftUrl: string; snowflake: SnowflakeTarget; dockerHost: string };
const EMPTY: Saved = { mysqlUrl: "", redshiftUrl: "", snowflake: { account: "", user: "", password: "", warehouse: "" }, dockerHost: "" };

async function readSaved(): Promise<Saved> {
  const row = await first(db().select().from(settings).where(eq(settings.key, KEY)));
  if (!row?.secrets) return EMPTY;
  const s = decryptJson<Partial<Saved>>(row.secrets);
  return { ...EMPTY, ...s, snowflake: { ...EMPTY.snowflake, ...s.snowflake } };
}

/** mysql://user:password@host:port or postgresql://user:password@host:port/database, parsed. */
export function parseServerUrl(url: string, defaultPort: number): ServerTarget | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!u.hostname) return null;
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  return {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: Number(u.port) || defaultPort,
    user: decodeURIComponent(u.username) || (defaultPort === 3306 ? "root" : "postgres"),
    password: decodeURIComponent(u.password),
    ...(database ? { database } : {}),
  };
}

function envSnowflake(): SnowflakeTarget | null {
  const account = process.env.PROVISIONING_SNOWFLAKE_ACCOUNT?.trim();
  if (!account) return null;
  return {
    account,
    user: process.env.PROVISIONING_SNOWFLAKE_USER ?? "",
    password: process.env.PROVISIONING_SNOWFLAKE_PASSWORD ?? "",
    warehouse: process.env.PROVISIONING_SNOWFLAKE_WAREHOUSE ?? "",
  };
}

/** A URL's password that is a secret reference ("mysql://root:$__env{MYSQL_ROOT_PASSWORD}@db:3306"), or null. */
const urlRef = (url: string): string | null => refOrNull(parseServerUrl(url, 0)?.password);

/** What may be shown of an administrative URL: its password masked, or its reference as written. */
function shownUrl(url: string): string {
  if (!url) return "";
  return showRefInUri(redactUri(url), urlRef(url));
}

const shownSecret = (v: string) => refOrNull(v) ?? (v ? MASK : "");

/** The config with its passwords' secret references resolved for this one use (422 naming one that cannot be). */
function resolvedConfig(config: BackendConfig | null): BackendConfig | null {
  if (!config || config.backend === "docker") return config;
  try {
    if (config.backend === "snowflake") return { ...config, snowflake: { ...config.snowflake, password: resolveSecretValue(config.snowflake.password) } };
    return { ...config, server: { ...config.server, password: resolveSecretValue(config.server.password) } };
  } catch (e) {
    if (!(e instanceof SecretRefError)) throw e;
    throw new ApiError("unprocessable_entity", `The ${config.backend} backend's password: ${e.message}`, { [config.backend === "snowflake" ? "snowflake.password" : config.backend === "mysql" ? "mysqlUrl" : "redshiftUrl"]: e.message });
  }
}

/**
 * The configuration in force for a backend, or null when it is not configured; `resolve` (for
 * the backends' use, not for showing where they point) resolves the passwords' secret references.
 */
export async function backendConfig(backend: ProvisioningBackend, saved?: Saved, resolve = true): Promise<BackendConfig | null> {
  const config = configuredBackend(backend, saved ?? (await readSaved()));
  return resolve ? resolvedConfig(config) : config;
}

function configuredBackend(backend: ProvisioningBackend, saved: Saved): BackendConfig | null {
  const pick = (value: string, env: string | undefined): [string, Source] | null => (value ? [value, "settings"] : env?.trim() ? [env.trim(), "environment"] : null);
  switch (backend) {
    case "mysql": {
      const p = pick(saved.mysqlUrl, process.env.PROVISIONING_MYSQL_URL);
      const server = p && parseServerUrl(p[0], 3306);
      return server ? { backend, source: p[1], server } : null;
    }
    case "redshift-workspace": {
      const p = pick(saved.redshiftUrl, process.env.PROVISIONING_REDSHIFT_URL);
      const server = p && parseServerUrl(p[0], 5439);
      return server ? { backend, source: p[1], server: { ...server, database: server.database ?? "dev" } } : null;
    }
    case "snowflake": {
      if (saved.snowflake.account) return { backend, source: "settings", snowflake: saved.snowflake };
      const env = envSnowflake();
      return env ? { backend, source: "environment", snowflake: env } : null;
    }
    case "docker":
      // Docker sandboxes are asked for through async jobs whatever is configured; the job says
      // when there is no engine, so the backend always exists.
      return { backend, source: saved.dockerHost ? "settings" : "environment", dockerHost: saved.dockerHost || process.env.DOCKER_HOST?.trim() || "" };
  }
}

function targetOf(config: BackendConfig | null): string | null {
  if (!config) return null;
  if ("server" in config) return `${config.server.user}@${config.server.host}:${config.server.port}${config.server.database ? `/${config.server.database}` : ""}`;
  if (config.backend === "snowflake") return `${config.snowflake.account}.snowflakecomputing.com${config.snowflake.warehouse ? ` (warehouse ${config.snowflake.warehouse})` : ""}`;
  return config.dockerHost ? redactUri(config.dockerHost) : null;
}

export function snowflakeProblem(account: string): string {
  return `Snowflake account '${account}' is configured, but this installation has no Snowflake driver and no route to ${account}.snowflakecomputing.com, so no workspace can be created there`;
}

export const NO_DOCKER_ENGINE = "Docker sandboxes (rstudio, jupyter) need a container engine, and none is configured: set DOCKER_HOST (or Settings -> Provisioning -> Docker host)";

export async function backendStatuses(saved?: Saved): Promise<BackendStatus[]> {
  const known = saved ?? (await readSaved());
  return PROVISIONING_BACKENDS.map((backend) => {
    const config = configuredBackend(backend, known);
    const problem = config?.backend === "snowflake" ? snowflakeProblem(config.snowflake.account) : config?.backend === "docker" && !config.dockerHost ? NO_DOCKER_ENGINE : null;
    const configured = backend === "docker" ? Boolean(config && "dockerHost" in config && config.dockerHost) : config !== null;
    return { backend, configured, source: configured ? config!.source : null, target: targetOf(config), problem };
  });
}

export async function getProvisioningSettings(): Promise<ProvisioningSettings> {
  const saved = await readSaved();
  return {
    mysqlUrl: shownUrl(saved.mysqlUrl),
    redshiftUrl: shownUrl(saved.redshiftUrl),
    snowflake: { ...saved.snowflake, password: shownSecret(saved.snowflake.password) },
    dockerHost: saved.dockerHost ? redactUri(saved.dockerHost) : "",
    backends: await backendStatuses(saved),
  };
}

/** Saves Settings -> Provisioning. A URL or password sent back as shown (masked) keeps the stored one. */
export async function updateProvisioningSettings(actor: Actor, input: ProvisioningSettingsInput): Promise<ProvisioningSettings> {
  // The stored values a masked field keeps are the ones replaced: read in the same transaction.
  await inTransaction(async (tx) => {
    const before = await readSaved();
    const keep = (incoming: string, stored: string) => (stored && (incoming === redactUri(stored) || incoming === shownUrl(stored) || isMaskValue(incoming)) ? stored : incoming);
    const next: Saved = {
      mysqlUrl: keep(input.mysqlUrl, before.mysqlUrl),
      redshiftUrl: keep(input.redshiftUrl, before.redshiftUrl),
      snowflake: { ...input.snowflake, password: keep(input.snowflake.password, before.snowflake.password) },
      dockerHost: keep(input.dockerHost, before.dockerHost),
    };
    // Only an admin sets a reference (this page is admin-only; checked here all the same).
    const refsOf = (x: Saved) => ({ mysqlUrl: urlRef(x.mysqlUrl) ?? undefined, redshiftUrl: urlRef(x.redshiftUrl) ?? undefined, "snowflake.password": x.snowflake.password });
    assertMaySetRefs(actor.role, refsOf(before), refsOf(next));
    const now = new Date();
    const display = { mysqlUrl: shownUrl(next.mysqlUrl), redshiftUrl: shownUrl(next.redshiftUrl), snowflake: { ...next.snowflake, password: shownSecret(next.snowflake.password) }, dockerHost: next.dockerHost ? redactUri(next.dockerHost) : "" };
    const secrets = encryptJson(next);
    await tx
      .insert(settings)
      .values({ key: KEY, value: display, secrets, updatedAt: now, updatedBy: actor.label })
      .onConflictDoUpdate({ target: settings.key, set: { value: display, secrets, updatedAt: now, updatedBy: actor.label } });
    await recordAudit(actor, { action: "setting.update", targetType: "setting", targetId: KEY, targetLabel: KEY, summary: { to: display } });
  });
  return getProvisioningSettings();
}
