import type { RunConnection } from "@/lib/connections/rest-service";
import { redactUrisInText } from "@/lib/secrets/redact";

// Masks a run's connection secrets in everything stored for the run: log lines, preview records,
// the error (and so the watcher payloads built from it). The runner hands the script more than the
// stored values (the Basic header and its base64, the whole Custom Auth response), so those forms
// are masked too, as are the encodings a script is likely to print them in. This protects viewers,
// the log and watchers from a script that prints what it was given; it cannot stop the script's
// author, who can always transform a secret past any masker.

export const MASK = "••••";

// Shorter values would shred ordinary output ("on", "id", "123") for little protection.
const MIN_LENGTH = 4;

// Keys of the Custom Auth response whose values are credentials...
const SECRET_KEY = /token|secret|passw|pwd|key|auth|session|cookie|credential|signature|bearer|jwt|sid|ticket|nonce|otp/i;
// ...unless the key describes the credential rather than carrying it (token_type: "bearer", expires_in).
const DESCRIPTIVE_KEY = /type|expir|ttl|scope|lifetime|issued|_in$|_at$|length|format|alg$|algorithm|method|url|uri|endpoint/i;
// Response headers that carry a credential. CORS and challenge headers only name them.
const SECRET_HEADER = /^(set-cookie|cookie|authorization|proxy-authorization)$|token|secret|session|api-?key|auth-?key|csrf|xsrf/i;
const NOT_SECRET_HEADER = /^(access-control-|www-authenticate|proxy-authenticate|vary$)/i;
// Values that appear under secret-looking keys without being secret.
const BORING = /^(true|false|null|none|undefined|bearer|basic|token|cookie)$/i;

export type SecretMasker = {
  /** Every string masked, longest first; empty when the run has no secrets. */
  readonly patterns: readonly string[];
  text(value: string): string;
  /** Masks strings (and object keys) in a JSON value, recursively; returns a new value. */
  value<T>(value: T): T;
};

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

function percentEncode(s: string, safe: RegExp, spaceAsPlus: boolean): string {
  let out = "";
  for (const ch of s) {
    if (safe.test(ch)) out += ch;
    else if (ch === " " && spaceAsPlus) out += "+";
    else for (const byte of Buffer.from(ch, "utf8")) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The forms a script is likely to print a value in: as is, URL-encoded (JS and Python styles), JSON-escaped, base64. */
export function encodedForms(value: string): string[] {
  const forms = new Set<string>([value]);
  // A base64 value (the Basic token) is also printed unpadded or in its URL-safe alphabet.
  if (/^[A-Za-z0-9+/]+=*$/.test(value)) {
    forms.add(value.replace(/=+$/, ""));
    forms.add(value.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
  }
  // A lone surrogate cannot be URL-encoded (encodeURIComponent throws): encode its well-formed form.
  const encoded = encodeURIComponent(value.toWellFormed());
  forms.add(encoded);
  forms.add(encoded.replace(/%20/g, "+"));
  forms.add(percentEncode(value, /[A-Za-z0-9_.~-]/, false)); // urllib.parse.quote(v, safe="")
  forms.add(percentEncode(value, /[A-Za-z0-9_.~/-]/, false)); // urllib.parse.quote(v)
  forms.add(percentEncode(value, /[A-Za-z0-9_.~-]/, true)); // urllib.parse.quote_plus(v)
  forms.add(JSON.stringify(value).slice(1, -1));
  // json.dumps escapes every non-ASCII character by default.
  forms.add(JSON.stringify(value).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
  const base64 = b64(value);
  forms.add(base64);
  forms.add(base64.replace(/=+$/, ""));
  forms.add(base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
  return [...forms];
}

function isSecretKey(key: string, parentSecret: boolean): boolean {
  if (DESCRIPTIVE_KEY.test(key)) return false;
  return parentSecret || SECRET_KEY.test(key);
}

/** Values under secret-looking keys of a JSON value (arrays inherit their key). */
function secretValuesIn(value: unknown, secret: boolean, out: string[], depth = 0): void {
  if (depth > 20) return;
  if (typeof value === "string") {
    if (secret && !BORING.test(value.trim())) out.push(value);
  } else if (typeof value === "number") {
    // A numeric session id is a secret; a small number is more likely a count.
    if (secret && Number.isInteger(value) && String(value).length >= 6) out.push(String(value));
  } else if (Array.isArray(value)) {
    for (const item of value) secretValuesIn(item, secret, out, depth + 1);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) secretValuesIn(v, isSecretKey(k, secret), out, depth + 1);
  }
}

/** A credential header's value, and the parts a script might print alone (a cookie's value, a token after its scheme). */
function headerSecretParts(name: string, value: string): string[] {
  const parts = [value];
  if (/cookie/i.test(name)) {
    // Several Set-Cookie headers arrive joined by ", "; an Expires date has a comma too, but no "=" after it.
    for (const cookie of value.split(/,\s*(?=[^;,=\s]+=)|;\s*/)) {
      const eq = cookie.indexOf("=");
      if (eq <= 0) continue;
      const attribute = cookie.slice(0, eq).trim();
      if (/^(path|domain|expires|max-age|samesite|priority)$/i.test(attribute)) continue;
      parts.push(cookie.trim(), cookie.slice(eq + 1).trim());
    }
  } else {
    const scheme = /^\s*[A-Za-z][A-Za-z0-9_-]*\s+(\S.*)$/.exec(value);
    if (scheme) parts.push(scheme[1].trim());
  }
  return parts;
}

/** Everything that counts as a secret of this run: the stored values and what the runner derived from them. */
export function runSecretValues(connection: RunConnection, storedSecrets: readonly string[]): string[] {
  const values: string[] = [...storedSecrets];
  if (connection.type === "basic") {
    // The header is "Basic <base64>": masking the base64 keeps the scheme readable ("Basic ••••").
    values.push(connection.password, b64(`${connection.username}:${connection.password}`));
  } else if (connection.type === "custom") {
    const { auth } = connection;
    secretValuesIn(auth.json, typeof auth.json === "string", values);
    for (const [name, value] of Object.entries(auth.headers ?? {})) {
      if (SECRET_HEADER.test(name) && !NOT_SECRET_HEADER.test(name)) values.push(...headerSecretParts(name, value));
    }
  }
  return values;
}

/** Builds the masker once per run; then each string costs one regular-expression pass. */
export function createSecretMasker(connection: RunConnection, storedSecrets: readonly string[]): SecretMasker {
  return maskerFor(runSecretValues(connection, storedSecrets));
}

export function maskerFor(values: readonly string[]): SecretMasker {
  const forms = new Set<string>();
  for (const v of values) {
    if (typeof v !== "string" || v.trim().length < MIN_LENGTH) continue;
    for (const form of encodedForms(v)) if (form.length >= MIN_LENGTH) forms.add(form);
  }
  const patterns = [...forms].sort((a, b) => b.length - a.length);
  const escaped = patterns.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const regex = patterns.length ? new RegExp(escaped.join("|"), "g") : null;
  const exact = new Set(patterns);

  // Known values first; then any URI the script prints has its userinfo and credential parameters
  // masked by the one redaction module, whether or not its secret is one of this run's.
  const text = (value: string): string => (value ? redactUrisInText(regex ? value.replace(regex, MASK) : value) : value);
  // Records of a run without secrets pass untouched: walking every record would cost ingest time.
  const walk = (value: unknown, depth: number): unknown => {
    if (!regex || depth > 50) return value;
    if (typeof value === "string") return text(value);
    // A record may carry a numeric secret (a PIN, a session id) as a number.
    if (typeof value === "number") return exact.has(String(value)) ? MASK : value;
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[text(k)] = walk(v, depth + 1);
      return out;
    }
    return value;
  };
  return { patterns, text, value: <T>(value: T) => walk(value, 0) as T };
}
