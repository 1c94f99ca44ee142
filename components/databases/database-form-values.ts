import type { FieldErrors, FieldPath, Resolver, UseFormReturn } from "react-hook-form";
import { databaseConnectionInputSchema, type DatabaseConnectionInput } from "@/lib/databases/schemas";
import type { DatabaseConnectionOut } from "@/lib/databases/native-schemas";
import type { Dialect } from "@/lib/drivers/types";
import { buildUri, redactUri } from "@/lib/drivers/uri";
import { showRefInUri } from "@/lib/secrets/refs-syntax";
import { DEFAULT_PORT, hasFieldsMode, isDialect } from "./dialects";

/** Every dialect's and mode's fields at once, so switching back and forth keeps what was typed. */
export type DatabaseFormValues = {
  dialect: Dialect;
  alias: string;
  mode: "fields" | "raw";
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
  schema: string;
  options: string;
  file: string;
  uri: string;
  credentialsFile: string;
  useSsh: boolean;
  sshHost: string;
  sshPort: string;
  sshUsername: string;
  sshPassword: string;
  sshPrivateKey: string;
  sshPrivateKeyPassword: string;
};

export type DatabaseForm = UseFormReturn<DatabaseFormValues, unknown, DatabaseConnectionInput>;

/** How the connection is entered: SQLite by its file, PostgreSQL/MySQL by fields or URI, the rest by URI. */
export function entryOf(values: Pick<DatabaseFormValues, "dialect" | "mode">): "file" | "fields" | "raw" {
  if (values.dialect === "sqlite") return "file";
  return hasFieldsMode(values.dialect) ? values.mode : "raw";
}

/** Query parameters of a saved URI other than PostgreSQL's search_path, for the Options field. */
function extraOptions(uri: string, dialect: Dialect): string {
  try {
    const params = new URL(uri).searchParams;
    if (dialect === "postgresql") params.delete("options");
    return params.toString();
  } catch {
    return "";
  }
}

export function databaseFormDefaults(saved?: DatabaseConnectionOut): DatabaseFormValues {
  const dialect: Dialect = saved && isDialect(saved.dialect) ? saved.dialect : "postgresql";
  return {
    dialect,
    alias: saved?.name ?? "",
    mode: saved && !saved.host ? "raw" : "fields",
    host: saved?.host ?? "",
    port: String(saved?.port ?? DEFAULT_PORT[dialect] ?? ""),
    database: saved?.database ?? "",
    user: saved?.user ?? "",
    // The server never shows a stored secret back, and PUT needs the whole URI again; a secret
    // reference is no secret and comes back as written, so it is kept by saving it as it is.
    password: saved?.secretRefs?.password ?? "",
    schema: saved?.schema ?? (dialect === "postgresql" ? "public" : ""),
    options: saved && hasFieldsMode(dialect) ? extraOptions(saved.uri, dialect) : "",
    file: saved?.file ?? "",
    uri: "",
    credentialsFile: "",
    useSsh: saved?.useSsh ?? false,
    sshHost: saved?.ssh?.host ?? "",
    sshPort: String(saved?.ssh?.port ?? 22),
    sshUsername: saved?.ssh?.username ?? "",
    sshPassword: saved?.secretRefs?.ssh_password ?? "",
    sshPrivateKey: saved?.secretRefs?.ssh_private_key ?? "",
    sshPrivateKeyPassword: saved?.secretRefs?.ssh_private_key_password ?? "",
  };
}

const portOk = (v: string) => /^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65535;

/** The URI the fields describe (password included: it is sent, never shown). */
export function uriOf(v: DatabaseFormValues): string {
  const entry = entryOf(v);
  if (entry === "file") return buildUri({ dialect: "sqlite", file: v.file.trim() });
  if (entry === "raw") return v.uri.trim();
  const base = buildUri({
    dialect: v.dialect,
    host: v.host.trim(),
    port: v.port.trim() ? Number(v.port) : undefined,
    database: v.database.trim(),
    user: v.user.trim(),
    password: v.password || undefined,
    schema: v.dialect === "postgresql" ? v.schema.trim() || undefined : undefined,
  });
  const options = v.options.trim().replace(/^[?&]+/, "");
  return options ? `${base}${base.includes("?") ? "&" : "?"}${options}` : base;
}

/** What may be shown of the URI while typing: the password replaced. */
export function previewUri(v: DatabaseFormValues): string | null {
  const entry = entryOf(v);
  if (entry === "fields" && (!v.host.trim() || !v.database.trim())) return null;
  if (entry === "file" && !v.file.trim()) return null;
  // A secret reference is no secret: shown as written.
  return showRefInUri(redactUri(uriOf(v)), entry === "fields" ? v.password : null);
}

/** Where the server's (or the schema's) field names go on this form. */
export function formFieldFor(path: string, v: Pick<DatabaseFormValues, "dialect" | "mode">): FieldPath<DatabaseFormValues> | null {
  const entry = entryOf(v);
  const map: Record<string, FieldPath<DatabaseFormValues>> = {
    alias: "alias",
    connection_uri: entry === "file" ? "file" : "uri",
    path_to_credentials_file: "credentialsFile",
    ssh_settings: "sshHost",
    "ssh_settings.host": "sshHost",
    "ssh_settings.port": "sshPort",
    "ssh_settings.username": "sshUsername",
    "ssh_settings.password": "sshPassword",
    "ssh_settings.private_key": "sshPrivateKey",
    "ssh_settings.private_key_password": "sshPrivateKeyPassword",
  };
  return map[path] ?? null;
}

type Errors = Partial<Record<FieldPath<DatabaseFormValues>, string>>;

/** The form's own checks, worded for people, before the shared schema's. */
function formErrors(v: DatabaseFormValues): Errors {
  const e: Errors = {};
  if (!v.alias.trim()) e.alias = "Enter a name";
  const entry = entryOf(v);
  if (entry === "file" && !v.file.trim()) e.file = "Enter the database file";
  if (entry === "raw" && !v.uri.trim()) e.uri = "Paste the connection URI";
  if (entry === "fields") {
    if (!v.host.trim()) e.host = "Enter the host";
    if (v.port.trim() && !portOk(v.port)) e.port = "A port is 1 to 65535";
    if (!v.database.trim()) e.database = "Enter the database name";
    if (!v.user.trim()) e.user = "Enter the user";
  }
  if (v.dialect === "bigquery" && !v.credentialsFile.trim()) e.credentialsFile = "BigQuery needs the service account's credentials file";
  if (v.useSsh && v.dialect !== "sqlite") {
    if (!v.sshHost.trim()) e.sshHost = "Enter the SSH host";
    if (!portOk(v.sshPort)) e.sshPort = "A port is 1 to 65535";
    if (!v.sshUsername.trim()) e.sshUsername = "Enter the SSH username";
    if (!v.sshPassword && !v.sshPrivateKey.trim()) e.sshPassword = "Give an SSH password or a private key";
  }
  return e;
}

const orNull = (s: string) => (s.trim() ? s : null);

/** The Dataherald request body (seed 002) the form describes. */
export function inputOf(v: DatabaseFormValues, alias = v.alias): unknown {
  const ssh = v.useSsh && v.dialect !== "sqlite";
  return {
    alias: alias.trim(),
    use_ssh: ssh,
    connection_uri: uriOf(v),
    ssh_settings: ssh
      ? {
          host: v.sshHost.trim(),
          port: Number(v.sshPort),
          username: v.sshUsername.trim(),
          password: v.sshPassword || null,
          private_key: orNull(v.sshPrivateKey),
          private_key_password: v.sshPrivateKeyPassword || null,
        }
      : null,
    path_to_credentials_file: v.dialect === "bigquery" ? v.credentialsFile.trim() : null,
  };
}

/** Parses the values into the request body, or the errors to show; `alias` stands in for an empty name when testing. */
export function parseDatabaseForm(v: DatabaseFormValues, alias?: string): { input: DatabaseConnectionInput } | { errors: Errors } {
  const errors = formErrors(alias ? { ...v, alias } : v);
  if (Object.keys(errors).length) return { errors };
  let parsed;
  try {
    parsed = databaseConnectionInputSchema.safeParse(inputOf(v, alias));
  } catch (e) {
    // buildUri refuses what it cannot build.
    return { errors: { [entryOf(v) === "file" ? "file" : "uri"]: (e as Error).message } };
  }
  if (parsed.success) return { input: parsed.data };
  const out: Errors = {};
  for (const issue of parsed.error.issues) {
    const field = formFieldFor(issue.path.map(String).join("."), v) ?? "uri";
    out[field] ??= issue.message;
  }
  return { errors: out };
}

export const databaseFormResolver: Resolver<DatabaseFormValues, unknown, DatabaseConnectionInput> = (values) => {
  const result = parseDatabaseForm(values);
  if ("input" in result) return { values: result.input, errors: {} };
  const errors: FieldErrors<DatabaseFormValues> = {};
  for (const [name, message] of Object.entries(result.errors)) {
    (errors as Record<string, unknown>)[name] = { type: "validate", message };
  }
  return { values: {}, errors };
};
