import "server-only";
import { sql } from "drizzle-orm";
import YAML from "yaml";
import { ApiError, fieldErrorsFromZod, toApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/actor";
import { druidConnectionSchema } from "@/lib/connections/druid-schemas";
import { upsertDruidConnection } from "@/lib/connections/druid-service";
import { restConnectionInputSchema, SECRET_MASK } from "@/lib/connections/rest-schemas";
import { createRestConnection, updateRestConnection } from "@/lib/connections/rest-service";
import { findConnection, findConnectionByName } from "@/lib/connections/store";
import { db, first, inTransaction } from "@/lib/db/tx";
import { feeds, type Connection, type Feed } from "@/lib/db/tables";
import { specOfNativeInput } from "@/lib/databases/native";
import { databaseConnectionInputSchema } from "@/lib/databases/schemas";
import { prepareDatabaseWrite, writeDatabaseConnection, type PreparedDatabaseWrite } from "@/lib/databases/service";
import { feedInputSchema, type FeedInput } from "@/lib/feeds/schemas";
import { createFeed, scriptPassedTest, updateFeed } from "@/lib/feeds/service";
import { log } from "@/lib/log";
import { startTestRun } from "@/lib/runs/start";
import { MASK, withPassword } from "@/lib/secrets/redact";
import { exportConnection, exportFeed } from "./export";
import type { WriteOptions } from "./read-only";
import { changedFields, inSavepoint } from "./rehearse";
import { bundleSchema, secretsMapSchema, type Bundle, type BundleConnection, type BundleFeed, type ImportResult, type PlanEntry, type SecretsMap } from "./schemas";
import { secretChanges, setPath } from "./secret-paths";

// One import: every object goes through its entity's one create or update path (DESIGN §9), all in
// one transaction, and the transaction is committed only when every object is valid and this is
// not a dry run. An object whose declared form equals what is stored is left alone (no write, no
// audit event). Database connections are tested (their create path connects) before the
// transaction, since a test awaits the network and a transaction must not.

type ImportError = ImportResult["errors"][number];
type Options = WriteOptions & { dryRun?: boolean; testFeeds?: boolean };

const ROLLBACK = Symbol("rollback");
const UNCHANGED = Symbol("unchanged");

/** A bundle or secrets file given as YAML/JSON text or as an object; a parse error names the document. */
export function parseDocument(value: unknown, what: string): unknown {
  if (typeof value !== "string") return value ?? {};
  try {
    return YAML.parse(value) ?? {};
  } catch (e) {
    throw new ApiError("unprocessable_entity", `The ${what} is not valid YAML or JSON: ${(e as Error).message}`, { [what]: (e as Error).message.split("\n")[0] });
  }
}

export function parseBundle(value: unknown): Bundle {
  const parsed = bundleSchema.safeParse(parseDocument(value, "bundle"));
  if (!parsed.success) throw new ApiError("unprocessable_entity", "The bundle is not valid", prefixed("bundle", fieldErrorsFromZod(parsed.error)));
  return parsed.data;
}

export function parseSecrets(value: unknown): SecretsMap {
  const parsed = secretsMapSchema.safeParse(parseDocument(value, "secrets"));
  if (!parsed.success) throw new ApiError("unprocessable_entity", "The secrets file is not valid: it maps connections.<name>.<field> to a string", prefixed("secrets", fieldErrorsFromZod(parsed.error)));
  return parsed.data;
}

const prefixed = (prefix: string, fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}.${k}`, v]));

function getPath(root: unknown, path: string): unknown {
  let node = root;
  for (const seg of path.split(".")) {
    if (typeof node === "string") {
      try {
        node = JSON.parse(node);
      } catch {
        return undefined;
      }
    }
    if (!node || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

function secretsFor(name: string, map: SecretsMap): Record<string, string> {
  const key = Object.keys(map.connections).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? map.connections[key] : {};
}

/** The entry with each secret field filled: from the secrets file, else a value written in the entry, else the stored one (the mask). */
function withSecrets(entry: BundleConnection, map: SecretsMap, exists: boolean, errors: ImportError[]): Record<string, unknown> {
  const given = secretsFor(entry.name, map);
  let out: Record<string, unknown> = Object.fromEntries(Object.entries(entry).filter(([k]) => k !== "secrets" && k !== "kind"));
  for (const field of entry.secrets) {
    const inline = getPath(entry, field);
    const value = given[field] ?? (typeof inline === "string" && inline !== "" && inline !== SECRET_MASK && inline !== MASK ? inline : undefined);
    if (value === undefined && !exists) {
      errors.push({ object: `connections.${entry.name}`, field, message: `The secret ${field} is required: give it in the secrets file as connections.${entry.name}.${field}` });
      continue;
    }
    out = setPath(out, field, value ?? SECRET_MASK) as Record<string, unknown>;
  }
  return out;
}

function databaseInput(entry: Record<string, unknown>) {
  const ssh = entry.ssh as Record<string, unknown> | undefined;
  const password = entry.password as string | undefined;
  const uri = String(entry.uri ?? "");
  return databaseConnectionInputSchema.safeParse({
    alias: entry.name,
    connection_uri: password && password !== SECRET_MASK ? withPassword(uri, password) : uri.replace(SECRET_MASK, MASK),
    use_ssh: Boolean(entry.useSsh),
    ssh_settings: ssh ? { host: ssh.host, port: ssh.port, username: ssh.username, password: ssh.password, private_key: ssh.privateKey, private_key_password: ssh.privateKeyPassword } : null,
    schemas: entry.schemas ?? null,
    metadata: entry.metadata ?? null,
    path_to_credentials_file: entry.pathToCredentialsFile ?? null,
  });
}

function errorsOf(e: unknown, object: string): ImportError[] {
  const api = toApiError(e);
  if (!api) throw e;
  const fields = Object.entries(api.fields ?? {});
  return fields.length ? fields.map(([field, message]) => ({ object, field, message: `${api.message}: ${message}` })) : [{ object, field: "_", message: api.message }];
}

/** Writes one object in a savepoint; rolls it back and reports "unchanged" when nothing would differ. */
type Written = { after: Record<string, unknown>; secrets?: [string | null, string | null]; extra?: Partial<PlanEntry> };

async function writeObject(existing: Connection | Feed | undefined, before: () => Promise<Record<string, unknown> | null>, write: () => Promise<Written>) {
  const was = existing ? await before() : null;
  let result: { changes: string[]; extra?: Partial<PlanEntry> } = { changes: [] };
  try {
    await inSavepoint(async () => {
      const { after, secrets, extra } = await write();
      const changes = [...changedFields(was, after), ...(existing && secrets ? secretChanges(secrets[0], secrets[1]) : [])].sort();
      result = { changes, extra };
      if (existing && changes.length === 0) throw UNCHANGED;
    });
  } catch (e) {
    if (e !== UNCHANGED) throw e;
    return { action: "unchanged" as const, changes: [], extra: result.extra };
  }
  return { action: existing ? ("update" as const) : ("create" as const), ...result };
}

async function importConnection(actor: Actor, entry: BundleConnection, map: SecretsMap, prepared: Map<string, PreparedDatabaseWrite>, opts: WriteOptions, errors: ImportError[]): Promise<PlanEntry | null> {
  const object = `connections.${entry.name}`;
  const existing = await findConnectionByName(entry.name);
  if (existing && existing.kind !== entry.kind) {
    errors.push({ object, field: "kind", message: `${existing.name} is already a ${existing.kind} connection here` });
    return null;
  }
  const base = { type: "connection" as const, kind: entry.kind, name: entry.name };
  if (entry.kind === "database") {
    const p = prepared.get(entry.name.toLowerCase());
    if (!p) return null;
    const r = await writeObject(existing, () => exportConnection(existing!), async () => {
      const row = await writeDatabaseConnection(actor, p, opts);
      return { after: await exportConnection(row), secrets: [existing?.secrets ?? null, row.secrets] };
    });
    return { ...base, ...r };
  }
  const n = errors.length;
  const filled = withSecrets(entry, map, Boolean(existing), errors);
  if (errors.length > n) return null;
  const parsed = entry.kind === "rest" ? restConnectionInputSchema.safeParse(filled) : druidConnectionSchema.safeParse(filled);
  if (!parsed.success) {
    errors.push(...Object.entries(fieldErrorsFromZod(parsed.error)).map(([field, message]) => ({ object, field, message })));
    return null;
  }
  const r = await writeObject(existing, () => exportConnection(existing!), async () => {
    let id: string;
    if (entry.kind === "rest") {
      const input = parsed.data as Parameters<typeof createRestConnection>[1];
      id = (existing ? await updateRestConnection(actor, existing.id, input, opts) : await createRestConnection(actor, input, opts)).id;
    } else {
      id = (await upsertDruidConnection(actor, parsed.data as Parameters<typeof upsertDruidConnection>[1], opts)).row.id;
    }
    const row = (await findConnection(id))!;
    return { after: await exportConnection(row), secrets: [existing?.secrets ?? null, row.secrets] };
  });
  return { ...base, ...r };
}

type Activation = { feedId: number; name: string; status: "active" | "paused" };

async function importFeed(actor: Actor, entry: BundleFeed, opts: WriteOptions, errors: ImportError[], activations: Activation[]): Promise<PlanEntry | null> {
  const object = `feeds.${entry.name}`;
  const existing = await first(db().select().from(feeds).where(sql`lower(${feeds.name}) = ${entry.name.toLowerCase()}`));
  let connectionId: string | null = null;
  if (entry.connection) {
    const c = await findConnectionByName(entry.connection);
    if (!c || c.kind !== "rest") {
      errors.push({ object, field: "connection", message: `No REST connection named ${entry.connection} here or earlier in this bundle` });
      return null;
    }
    connectionId = c.id;
  }
  const parsed = feedInputSchema.safeParse({ ...entry, connection: undefined, connectionId, wizardStep: null });
  if (!parsed.success) {
    errors.push(...Object.entries(fieldErrorsFromZod(parsed.error)).map(([field, message]) => ({ object, field, message })));
    return null;
  }
  const input: FeedInput = parsed.data;
  // The server activates a feed only after a passed test of its script. Without one here, the feed
  // is saved as a draft and test-run after the import commits, then activated when the test passes.
  let note: string | undefined;
  const wanted = input.status;
  if (wanted && wanted !== "draft" && !(await scriptPassedTest({ script: input.script ?? "", language: input.language ?? "python", dependencies: input.dependencies ?? [] }, existing ?? null, actor))) {
    input.status = "draft";
    note = `No test of this script has passed here: saved as a draft, then test-run and set ${wanted} if the test passes`;
  }
  const r = await writeObject(existing, () => exportFeed(existing!), async () => {
    const out = existing ? await updateFeed(actor, existing.id, input, opts) : await createFeed(actor, input, opts);
    if (note && (wanted === "active" || wanted === "paused")) activations.push({ feedId: out.id, name: entry.name, status: wanted });
    const after = await exportFeed((await first(db().select().from(feeds).where(sql`${feeds.id} = ${out.id}`)))!);
    return { after, extra: out.webhookSecret ? { webhookSecret: out.webhookSecret } : {} };
  });
  return { type: "feed", kind: "feed", name: entry.name, action: r.action, changes: r.changes, ...(note && r.action !== "unchanged" ? { note } : {}), ...r.extra };
}

export async function importBundle(actor: Actor, bundle: Bundle, map: SecretsMap, options: Options = {}): Promise<ImportResult> {
  const opts: WriteOptions = options.provisionedFrom ? { provisionedFrom: options.provisionedFrom } : {};
  const errors: ImportError[] = [];
  const seen = new Set<string>();
  for (const [list, items] of [["connections", bundle.connections], ["feeds", bundle.feeds]] as const) {
    for (const o of items) {
      const key = `${list}.${o.name.toLowerCase()}`;
      if (seen.has(key)) errors.push({ object: `${list}.${o.name}`, field: "name", message: "Declared twice in the bundle" });
      seen.add(key);
    }
  }
  // Database connections are tested first: their create and update paths connect before writing.
  const prepared = new Map<string, PreparedDatabaseWrite>();
  for (const entry of bundle.connections.filter((c) => c.kind === "database")) {
    const object = `connections.${entry.name}`;
    const existing = await findConnectionByName(entry.name);
    if (existing && existing.kind !== "database") continue; // reported by importConnection
    const n = errors.length;
    const filled = withSecrets(entry, map, Boolean(existing), errors);
    if (errors.length > n) continue;
    const input = databaseInput(filled);
    if (!input.success) {
      errors.push(...Object.entries(fieldErrorsFromZod(input.error)).map(([field, message]) => ({ object, field, message })));
      continue;
    }
    try {
      prepared.set(entry.name.toLowerCase(), await prepareDatabaseWrite(specOfNativeInput(input.data, "import"), existing?.id ?? null, { ...opts, role: actor.role }));
    } catch (e) {
      errors.push(...errorsOf(e, object));
    }
  }
  const objects: PlanEntry[] = [];
  const activations: Activation[] = [];
  try {
    // Every object is written in one transaction, each in its own savepoint: nothing slow happens
    // in it (database connections were tested above, feeds are test-run after the commit).
    await inTransaction(async () => {
      for (const entry of bundle.connections) {
        try {
          const planned = await importConnection(actor, entry, map, prepared, opts, errors);
          if (planned) objects.push(planned);
        } catch (e) {
          errors.push(...errorsOf(e, `connections.${entry.name}`));
        }
      }
      for (const entry of bundle.feeds) {
        try {
          const planned = await importFeed(actor, entry, opts, errors, activations);
          if (planned) objects.push(planned);
        } catch (e) {
          errors.push(...errorsOf(e, `feeds.${entry.name}`));
        }
      }
      if (errors.length || options.dryRun) throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  // Webhook secrets of a rolled-back import were never stored: they are not shown.
  if (errors.length || options.dryRun) for (const o of objects) delete o.webhookSecret;
  const result: ImportResult = { dryRun: Boolean(options.dryRun), valid: errors.length === 0, objects, errors };
  if (errors.length || options.dryRun || options.testFeeds === false) return result;
  for (const a of activations) {
    const entry = objects.find((o) => o.type === "feed" && o.name === a.name)!;
    entry.activation = await activateAfterTest(actor, a, opts);
  }
  return result;
}

/** Test-runs a feed saved as a draft by an import, and gives it the declared status when the test passes. */
async function activateAfterTest(actor: Actor, a: Activation, opts: WriteOptions): Promise<NonNullable<PlanEntry["activation"]>> {
  try {
    const { run, done } = await startTestRun(actor, { feedId: a.feedId });
    const finished = await done;
    if (finished.status !== "succeeded") return { status: "draft", runId: run.id, message: `Left as a draft: test run #${run.id} ${finished.status}${finished.error ? `: ${finished.error}` : ""}` };
    await updateFeed(actor, a.feedId, { status: a.status }, opts);
    return { status: a.status, runId: run.id, message: `Test run #${run.id} passed; the feed is ${a.status}` };
  } catch (e) {
    log.warn("Imported feed not activated", { feed: a.name, error: (e as Error).message });
    return { status: "draft", runId: null, message: `Left as a draft: ${toApiError(e)?.message ?? "the test run could not start"}` };
  }
}
