import fs from "node:fs";
import path from "node:path";
import { ApiError } from "@/lib/api/errors";
import { isSecretRef, parseSecretRef, type SecretRef } from "./refs-syntax";

export { describeSecretRef, isSecretRef, parseSecretRef, refOrNull, showRefInUri, type SecretRef } from "./refs-syntax";

// Secret references (Grafana's syntax): a secret field may hold `$__env{NAME}` or `$__file{/path}`
// instead of a value. The reference is what is stored (inside the encrypted secrets, exactly as
// written), so key rotation re-encrypts it untouched; it is resolved each time the secret is used
// and the resolved value is never stored or shown.
//
// Two limits make a reference safe to accept from the console (DESIGN §3: secrets follow their host):
// - Only an admin may set or change a reference (assertMaySetRefs). An editor could otherwise point
//   a connection at a server of their own and have this server send it any variable or file.
// - The server's own configuration cannot be referenced (ENCRYPTION_KEY, NEXTAUTH_SECRET, …), and a
//   file must lie, after following links, under SECRETS_DIR (default /run/secrets, where container
//   engines mount secrets).


const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// The server's own variables: its keys, sign-in secret, store and queue URLs, provisioning admin URLs.
const OWN_ENV = /^(ENCRYPTION_KEY.*|NEXTAUTH_.*|AUTH_.*|ADMIN_PASSWORD|DATABASE_URL|REDIS_URL|PROVISIONING_.*|SWITCHYARD_(?!SECRET_).*)$/;
const MAX_FILE_BYTES = 64 * 1024;

export class SecretRefError extends Error {
  readonly ref: string;
  constructor(ref: string, message: string) {
    super(message);
    this.name = "SecretRefError";
    this.ref = ref;
  }
}

export function secretsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.SECRETS_DIR || "/run/secrets");
}


/** Why a reference can never resolve here (bad name, the server's own variable, outside SECRETS_DIR), or null. */
export function secretRefProblem(value: string): string | null {
  const ref = parseSecretRef(value);
  if (!ref) return null;
  if (ref.kind === "env") {
    if (!ENV_NAME.test(ref.name)) return `${ref.raw}: an environment variable name is letters, digits and underscores`;
    if (OWN_ENV.test(ref.name)) return `${ref.raw}: ${ref.name} is the server's own configuration and cannot be referenced`;
    return null;
  }
  if (!path.isAbsolute(ref.path)) return `${ref.raw}: the path must be absolute`;
  if (!within(path.resolve(ref.path), secretsDir())) return `${ref.raw}: files must be under SECRETS_DIR (${secretsDir()})`;
  return null;
}

const within = (file: string, dir: string) => file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/** The resolved value; throws a SecretRefError naming the reference when it cannot be resolved. */
export function resolveSecretRef(ref: SecretRef): string {
  const problem = secretRefProblem(ref.raw);
  if (problem) throw new SecretRefError(ref.raw, `Secret reference ${problem}`);
  if (ref.kind === "env") {
    const value = process.env[ref.name];
    if (value === undefined || value === "") throw new SecretRefError(ref.raw, `Secret reference ${ref.raw} cannot be resolved: the environment variable ${ref.name} is not set`);
    return value;
  }
  let real: string;
  try {
    real = fs.realpathSync(ref.path);
  } catch {
    throw new SecretRefError(ref.raw, `Secret reference ${ref.raw} cannot be resolved: the file does not exist`);
  }
  let dir: string;
  try {
    dir = fs.realpathSync(secretsDir());
  } catch {
    dir = secretsDir();
  }
  if (!within(real, dir)) throw new SecretRefError(ref.raw, `Secret reference ${ref.raw} cannot be resolved: it leads outside SECRETS_DIR`);
  try {
    const stat = fs.statSync(real);
    if (!stat.isFile()) throw new Error("not a file");
    if (stat.size > MAX_FILE_BYTES) throw new SecretRefError(ref.raw, `Secret reference ${ref.raw} cannot be resolved: the file is larger than 64 KiB`);
    // Like Grafana's $__file: the file's content without its trailing newline.
    return fs.readFileSync(real, "utf8").replace(/\r?\n$/, "");
  } catch (e) {
    if (e instanceof SecretRefError) throw e;
    throw new SecretRefError(ref.raw, `Secret reference ${ref.raw} cannot be resolved: the file cannot be read`);
  }
}

/** A copy of `value` with every string that is a reference replaced by what it resolves to. */
export function resolveSecretRefs<T>(value: T): T {
  if (typeof value === "string") {
    const ref = parseSecretRef(value);
    return (ref ? resolveSecretRef(ref) : value) as T;
  }
  if (Array.isArray(value)) return value.map((v) => resolveSecretRefs(v)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, resolveSecretRefs(v)])) as T;
  }
  return value;
}


/** Every reference in a (decrypted) secrets object, by dotted path: { "password": "$__env{PG_PASSWORD}" }. */
export function collectSecretRefs(value: unknown, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  if (isSecretRef(value)) out[prefix] = (value as string).trim();
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) Object.assign(out, collectSecretRefs(v, prefix ? `${prefix}.${k}` : k));
  }
  return out;
}

/**
 * The field errors for references that are new or changed between two secrets objects when the
 * actor is not an admin, plus references that can never resolve here (for anyone). Empty when all
 * is well. Callers turn a non-empty result into a 403 (role) or 422 (problem).
 */
export function refChangeProblems(role: string, before: unknown, after: unknown): { forbidden: Record<string, string>; invalid: Record<string, string> } {
  const old = collectSecretRefs(before);
  const next = collectSecretRefs(after);
  const forbidden: Record<string, string> = {};
  const invalid: Record<string, string> = {};
  for (const [field, ref] of Object.entries(next)) {
    const problem = secretRefProblem(ref);
    if (problem) invalid[field] = problem;
    else if (old[field] !== ref && role !== "admin") forbidden[field] = "Only an admin can set a secret reference";
  }
  return { forbidden, invalid };
}

/**
 * Refuses a save that adds or changes a reference the actor may not set (403, naming each field)
 * or one that can never resolve here (422). `fieldOf` maps a secrets path to the request's field.
 */
export function assertMaySetRefs(role: string, before: unknown, after: unknown, fieldOf: (path: string) => string = (p) => p): void {
  const { forbidden, invalid } = refChangeProblems(role, before, after);
  const rename = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [fieldOf(k), v]));
  if (Object.keys(invalid).length) throw new ApiError("unprocessable_entity", Object.values(invalid)[0], rename(invalid));
  if (Object.keys(forbidden).length) throw new ApiError("forbidden", "Only an admin can set a secret reference ($__env{…} or $__file{…})", rename(forbidden));
}

/** A SecretRefError (or any error) as a run or test failure message; null when it is not a reference problem. */
export function secretRefMessage(error: unknown): string | null {
  return error instanceof SecretRefError ? error.message : null;
}

/** A secret as it is used: a reference resolved now (throwing a SecretRefError naming it), anything else as given. */
export function resolveSecretValue<T extends string | null | undefined>(value: T): T {
  const ref = parseSecretRef(value);
  return (ref ? resolveSecretRef(ref) : value) as T;
}

