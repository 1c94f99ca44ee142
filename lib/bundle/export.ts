import "server-only";
import { asc, eq } from "drizzle-orm";
import YAML from "yaml";
import { toDruidConnection } from "@/lib/connections/druid-service";
import { getRestConnection } from "@/lib/connections/rest-service";
import { db, first } from "@/lib/db/tx";
import { asConnection } from "@/lib/connections/store";
import { connections, feeds, type Connection, type ConnectionOf, type Feed } from "@/lib/db/tables";
import { displayUriOf, secretSummaryOf } from "@/lib/databases/native";
import { BUNDLE_VERSION, type Bundle, type BundleConnection, type BundleFeed, type ExportQuery } from "./schemas";
import { maskedPaths, withoutMasks } from "./secret-paths";

// Bookkeeping fields of the API's answers that are not part of what a connection is.
const NOT_CONFIG = ["id", "kind", "type", "usedBy", "lastTest", "createdAt", "updatedAt", "provisionedFrom", "fixed"];

const dropNulls = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
const omit = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/** A connection as it would be declared: the API's masked answer, masks left out and listed as secrets. */
function fromMasked(row: Connection, masked: Record<string, unknown>): BundleConnection {
  const config = omit(dropNulls(masked), [...NOT_CONFIG, "name"]);
  return { name: row.name, kind: row.kind, ...(withoutMasks(config) as Record<string, unknown>), secrets: maskedPaths(config) };
}

// Database secrets are stored under driver-facing keys; the bundle names them as the fields of the entry.
const DATABASE_SECRET_FIELDS: Record<string, string> = { ssh_password: "ssh.password", ssh_private_key: "ssh.privateKey", ssh_private_key_password: "ssh.privateKeyPassword" };

function databaseEntry(row: ConnectionOf<"database">): BundleConnection {
  const c = row.config;
  // Secret references (not secret values) are kept as written; real values stay out, listed as secrets.
  const { fields, refs } = secretSummaryOf(row);
  const secrets: string[] = [];
  if (fields.has("password") && !refs.password) secrets.push("password");
  const ssh: Record<string, unknown> | null = c.ssh ? { ...c.ssh } : null;
  for (const [key, field] of Object.entries(DATABASE_SECRET_FIELDS)) {
    if (refs[key] && ssh) ssh[field.slice("ssh.".length)] = refs[key];
    else if (fields.has(key)) secrets.push(field);
  }
  return {
    name: row.name,
    kind: "database",
    // Stored redacted: the password shows as the mask, which an import replaces with the secret (or as its reference).
    uri: displayUriOf(c.uri, refs),
    ...dropNulls({ useSsh: c.use_ssh || null, ssh, schemas: c.schemas ?? null, metadata: c.metadata ?? null, pathToCredentialsFile: c.path_to_credentials_file ?? null }),
    secrets,
  };
}

export async function exportConnection(row: Connection): Promise<BundleConnection> {
  if (row.kind === "rest") return fromMasked(row, (await getRestConnection(row.id)) as Record<string, unknown>);
  if (row.kind === "druid") return fromMasked(row, (await toDruidConnection(row)) as Record<string, unknown>);
  return databaseEntry(row);
}

export async function exportFeed(f: Feed): Promise<BundleFeed> {
  const connection = f.connectionId ? ((await first(db().select({ name: connections.name }).from(connections).where(eq(connections.id, f.connectionId))))?.name ?? null) : null;
  return {
    name: f.name ?? "",
    connection,
    language: f.language,
    script: f.script,
    dependencies: f.dependencies,
    loadType: f.loadType,
    destinations: f.destinations,
    trigger: f.trigger,
    watchers: f.watchers,
    tags: f.tags,
    status: f.status,
  };
}

function chosen(selection: string, name: string): boolean {
  if (selection === "all") return true;
  if (selection === "none" || selection === "") return false;
  return selection
    .split(",")
    .map((n) => n.trim().toLowerCase())
    .includes(name.toLowerCase());
}

/** The chosen connections (REST and Druid by `connections`, database ones by `databases`) and named feeds. */
export async function buildBundle(q: Pick<ExportQuery, "connections" | "databases" | "feeds">): Promise<Bundle> {
  const rows = (await db().select().from(connections).orderBy(asc(connections.name))).map((r) => asConnection(r));
  const conns = await Promise.all(rows.filter((r) => chosen(r.kind === "database" ? q.databases : q.connections, r.name)).map(exportConnection));
  // Drafts without a name cannot be referred to, so they are not exported.
  const named = (await db().select().from(feeds).orderBy(asc(feeds.name))).filter((f) => f.name && chosen(q.feeds, f.name));
  const fs = await Promise.all(named.map(exportFeed));
  return { version: BUNDLE_VERSION, exportedAt: new Date().toISOString(), connections: conns, feeds: fs };
}

export function bundleText(bundle: Bundle, format: "yaml" | "json" = "yaml"): string {
  if (format === "json") return `${JSON.stringify(bundle, null, 2)}\n`;
  return `# Switchyard bundle: no secret values; each connection's \`secrets\` lists the fields a secrets file must give.\n${YAML.stringify(bundle, { lineWidth: 0 })}`;
}
