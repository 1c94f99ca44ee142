// The one redaction module (DESIGN §3). Display URIs are rebuilt from their parsed parts, with the
// userinfo's password and every credential-like parameter masked, in every scheme (JDBC's too);
// free text is masked by finding the URIs in it and rebuilding each; objects are masked by key
// name or by explicit secret paths ("auth.password"). Everything that shows a connection string,
// an error from a driver or a request's detail to people goes through here. It runs in the browser
// too (the database form shows a saved URI), so it imports nothing.

export const MASK = "••••";

// ---------------------------------------------------------------------------------------------
// Credential-like names (query parameters, JDBC properties, object keys, JSON fields)

// Contained anywhere in the name once its separators are removed ("client_secret", "APIKEY").
const STRONG = ["password", "passwd", "passphrase", "secret", "token", "apikey", "credential", "signature", "privatekey", "accesskey", "sessionid", "authorization", "cookie"];
// Only as a whole word of the name ("pwd", "X-Api-Key", "sig"), so "monkey" or "passive" are not.
const WEAK = new Set(["pwd", "pass", "key", "auth", "sig", "session", "sid", "hash", "jwt", "bearer", "otp", "creds", "cred"]);
// Words that describe a credential rather than carry it ("token_type", "authMech", "authSource").
const DESCRIPTIVE = new Set(["type", "method", "mech", "mechanism", "source", "mode", "plugin", "url", "uri", "endpoint", "expires", "expiry", "expiration", "ttl", "scope", "length", "format", "alg", "algorithm", "kind", "name", "names", "keys", "fields", "file", "path", "paths", "location", "required", "enabled", "count"]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a parameter, property or key with this name carries a credential (case-insensitive). */
export function isCredentialName(name: string): boolean {
  const w = words(name);
  if (!w.length || w.some((x) => DESCRIPTIVE.has(x))) return false;
  const joined = w.join("");
  return STRONG.some((s) => joined.includes(s)) || w.some((x) => WEAK.has(x));
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
};

/** A value that is (or encodes) the mask: writing a shown value back means "keep the stored one". */
export function isMaskValue(v: unknown): boolean {
  if (typeof v !== "string" || !v) return false;
  const d = decode(v);
  return /^•+$/.test(v) || /^•+$/.test(d);
}

// ---------------------------------------------------------------------------------------------
// URIs, parsed into parts

const SCHEME = /^((?:[A-Za-z][A-Za-z0-9+.-]*:)+)\/\//;
const HOST = String.raw`(?:\[[0-9A-Fa-f:.]*\]|[A-Za-z0-9._~%-]*)(?::\d*)?`;
// host[:port], or a comma list of them (multi-host PostgreSQL and MongoDB URIs), then a delimiter.
const HOST_AFTER_AT = new RegExp(String.raw`^${HOST}(?:,${HOST})*(?![A-Za-z0-9._~%@-])`);
const WHOLE_AUTHORITY = new RegExp(String.raw`^${HOST}(?:,${HOST})*$`);

export type UriParts = {
  /** Everything before "//", colon included: "postgresql+psycopg2:", "jdbc:mysql:". */
  scheme: string;
  /** The userinfo's user and password as written (still percent-encoded); undefined when absent. */
  user?: string;
  password?: string;
  hasUserinfo: boolean;
  /** host[:port] (or a comma list), as written. */
  authority: string;
  /** The path with any ";name=value" properties, as written. */
  path: string;
  query?: string;
  fragment?: string;
};

/**
 * Where the userinfo ends. A password may hold "@", ":", "/" and more without being encoded, so the
 * userinfo runs to the LAST "@" that a host follows, unless that "@" sits inside a query value
 * (?email=a@b.example). When no such "@" exists but the text before the path is no valid host, the
 * last "@" still ends the userinfo: better to mask too much than to show a password.
 */
function userinfoEnd(rest: string): number {
  const ats: number[] = [];
  for (let i = rest.indexOf("@"); i >= 0; i = rest.indexOf("@", i + 1)) ats.push(i);
  const hostFollows = ats.filter((i) => HOST_AFTER_AT.test(rest.slice(i + 1)));
  for (let k = hostFollows.length - 1; k >= 0; k--) {
    const before = rest.slice(0, hostFollows[k]);
    const q = before.search(/[?#]/);
    if (q >= 0 && /[=&]/.test(before.slice(q))) continue;
    // A user has no "/": without a password, "host/@name" is a path (https://site/@someone).
    if (!before.includes(":") && before.includes("/")) continue;
    return hostFollows[k];
  }
  if (!hostFollows.length) return -1;
  const authority = rest.slice(0, rest.search(/[/?#;]|$/));
  return WHOLE_AUTHORITY.test(authority) ? -1 : hostFollows[hostFollows.length - 1];
}

/** Splits a URI into its parts without decoding anything; null when it has no "scheme://". */
export function parseUriParts(uri: string): UriParts | null {
  const m = SCHEME.exec(uri);
  if (!m) return null;
  let rest = uri.slice(m[0].length);
  const parts: UriParts = { scheme: m[1], hasUserinfo: false, authority: "", path: "" };
  const at = userinfoEnd(rest);
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(":");
    parts.hasUserinfo = true;
    parts.user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    if (colon >= 0) parts.password = userinfo.slice(colon + 1);
    rest = rest.slice(at + 1);
  }
  const hostEnd = rest.search(/[/?#;]|$/);
  parts.authority = rest.slice(0, hostEnd);
  rest = rest.slice(hostEnd);
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    parts.fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  const q = rest.indexOf("?");
  if (q >= 0) {
    parts.query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  parts.path = rest;
  return parts;
}

/** The userinfo's password, decoded, or undefined. */
export function uriPassword(uri: string): string | undefined {
  return uriCredentials(uri).password;
}

/** The userinfo's user and password, decoded. */
export function uriCredentials(uri: string): { user?: string; password?: string } {
  const p = parseUriParts(uri.trim());
  if (!p?.hasUserinfo) return {};
  return { user: p.user !== undefined ? decodeURIComponentSafe(p.user) : undefined, password: p.password !== undefined ? decodeURIComponentSafe(p.password) : undefined };
}

// Userinfo is percent-encoded, not form-encoded: "+" stays a plus.
const decodeURIComponentSafe = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The URI without its userinfo (user and password), for parsers that cannot take odd passwords. */
export function withoutUserinfo(uri: string): string {
  const p = parseUriParts(uri.trim());
  return p ? buildUri({ ...p, user: undefined, password: undefined, hasUserinfo: false }) : uri;
}

/** The URI with its userinfo password replaced by `password` (percent-encoded), everything else as written. */
export function withPassword(uri: string, password: string): string {
  const p = parseUriParts(uri.trim());
  if (!p?.hasUserinfo) return uri;
  return buildUri({ ...p, password: encodeURIComponent(password.toWellFormed()) });
}

/** Credential-like "name=value" pairs masked in a list joined by `sep` ("&" for queries, ";" for JDBC properties). */
function maskPairs(text: string, sep: RegExp): string {
  return text
    .split(sep)
    .map((pair) => {
      if (/^[&;]$/.test(pair)) return pair;
      const eq = pair.indexOf("=");
      if (eq < 0) return pair;
      const name = decode(pair.slice(0, eq));
      const value = pair.slice(eq + 1);
      if (!value) return pair;
      if (isCredentialName(name)) return `${pair.slice(0, eq)}=${MASK}`;
      // A parameter that carries a URI of its own (a DSN, a redirect) is redacted too.
      const inner = decode(value);
      if (inner.includes("://") && redactText(inner) !== inner) return `${pair.slice(0, eq)}=${MASK}`;
      return pair;
    })
    .join("");
}

function buildUri(p: UriParts): string {
  const cred = p.hasUserinfo ? `${p.user ?? ""}${p.password !== undefined ? `:${p.password}` : ""}@` : "";
  return `${p.scheme}//${cred}${p.authority}${p.path}${p.query !== undefined ? `?${p.query}` : ""}${p.fragment !== undefined ? `#${p.fragment}` : ""}`;
}

// A user alone may be a token (https://<token>@host): long ones are masked as well.
const TOKEN_LIKE_USER = 20;

/**
 * The URI for display: rebuilt from its parts with the password, a token-like user and every
 * credential-like query parameter or ";property" masked. Works for any scheme, JDBC included.
 * Text that is no URI is masked as free text.
 */
export function redactUri(uri: string): string {
  const p = parseUriParts(uri);
  if (!p) return redactFreePairs(uri);
  const user = p.user !== undefined && p.password === undefined && decode(p.user).length >= TOKEN_LIKE_USER ? MASK : p.user;
  return buildUri({
    ...p,
    user,
    password: p.password !== undefined ? (p.password ? MASK : "") : undefined,
    path: maskPairs(p.path, /(;)/),
    query: p.query !== undefined ? maskPairs(p.query, /([&;])/) : undefined,
    fragment: p.fragment !== undefined && p.fragment.includes("=") ? maskPairs(p.fragment, /([&;])/) : p.fragment,
  });
}

// ---------------------------------------------------------------------------------------------
// Free text (driver errors, messages)

// A URI starts with "scheme://" and runs to whitespace, a quote or an angle bracket. Found by
// scanning for "://" rather than by a regex: /(?:[A-Za-z][A-Za-z0-9+.-]*:)+\/\/…/g retries from
// every position of a long run of letters, quadratic in the text (a 1 MB field stalled the server).
const SCHEME_CHAR = /[A-Za-z0-9+.:-]/;
const LETTER = /[A-Za-z]/;
const URI_END = /[\s"'<>`]/;
const MAX_SCHEME = 64;

/** [start, end) of every URI in the text, in one pass. */
function uriSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let from = 0;
  for (let i = text.indexOf("://", from); i >= 0; i = text.indexOf("://", from)) {
    let start = i;
    while (start > 0 && i - start < MAX_SCHEME && SCHEME_CHAR.test(text[start - 1])) start--;
    // Every scheme segment starts with a letter: skip what cannot begin one.
    while (start < i && !LETTER.test(text[start])) start++;
    let end = i + 3;
    if (start < i) {
      while (end < text.length && !URI_END.test(text[end])) end++;
      spans.push([start, end]);
    }
    from = end;
  }
  return spans;
}

// name=value and name: value pairs outside URIs ("password=…" in a libpq string, "token: …"). The
// name starts at a word boundary and is bounded, so a long word is tried once, not from each letter.
const PAIR_IN_TEXT = /(["']?)(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]{0,255})\1(\s*[=:]\s*)("(?:[^"\\]|\\.)*"?|'[^']*'?|(?:(?:Bearer|Basic|Token|Digest)\s+)?[^\s&;,'"]+)/g;

function redactFreePairs(text: string): string {
  return text.replace(PAIR_IN_TEXT, (m, q: string, name: string, sep: string, value: string) => {
    if (!isCredentialName(name) || isMaskValue(value.replace(/^["']|["']$/g, ""))) return m;
    const quote = /^["']/.test(value) ? value[0] : "";
    return `${q}${name}${q}${sep}${quote}${MASK}${quote}`;
  });
}

/** Every form a known secret is likely to appear in inside text: as is and URL-encoded. */
function knownForms(secret: string): string[] {
  // A lone surrogate cannot be URL-encoded (encodeURIComponent throws): encode its well-formed form.
  const encoded = encodeURIComponent(secret.toWellFormed());
  const forms = new Set([secret, encoded, encoded.replace(/%20/g, "+"), JSON.stringify(secret).slice(1, -1)]);
  return [...forms].filter((f) => f.length >= 3).sort((a, b) => b.length - a.length);
}

/** Only the URIs in the text, rebuilt by `redactUri`; everything else as it is. */
export function redactUrisInText(text: string): string {
  let result = "";
  let last = 0;
  for (const [start, end] of uriSpans(text)) {
    result += text.slice(last, start) + redactUri(text.slice(start, end));
    last = end;
  }
  return result + text.slice(last);
}

/**
 * Free text with the URIs in it rebuilt by `redactUri`, credential-like "name=value" pairs masked,
 * and any known secret values (the connection's own password, say) masked wherever they appear.
 */
export function redactText(text: string, knownSecrets: readonly (string | null | undefined)[] = []): string {
  let out = text;
  for (const s of knownSecrets) if (s && s.length >= 3) for (const f of knownForms(s)) out = out.split(f).join(MASK);
  let result = "";
  let last = 0;
  for (const [start, end] of uriSpans(out)) {
    result += redactFreePairs(out.slice(last, start)) + redactUri(out.slice(start, end));
    last = end;
  }
  return result + redactFreePairs(out.slice(last));
}

// ---------------------------------------------------------------------------------------------
// Objects: by key name, and by explicit secret paths

/** A JSON-like value with the values of credential-like keys replaced and URIs in strings redacted. */
export function redactObject(value: unknown, replacement: unknown = MASK, depth = 0): unknown {
  if (depth > 20) return "[…]";
  if (typeof value === "string") return value.includes("://") || value.includes("=") ? redactText(value) : value;
  if (Array.isArray(value)) return value.map((v) => redactObject(v, replacement, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        isCredentialName(k) && v !== null && v !== undefined && typeof v !== "boolean" ? replacement : redactObject(v, replacement, depth + 1),
      ]),
    );
  }
  return value;
}

type Json = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Json => v !== null && typeof v === "object";

/**
 * The keys a dotted secret path walks through. A key that itself contains dots is matched whole
 * first, so a legacy top-level key "a.b" keeps working.
 */
function resolvePath(root: unknown, path: string): { parent: Json; key: string } | null {
  if (!isContainer(root)) return null;
  if (Object.prototype.hasOwnProperty.call(root, path)) return { parent: root, key: path };
  const dot = path.indexOf(".");
  if (dot < 0) return null;
  for (let i = dot; i >= 0; i = path.indexOf(".", i + 1)) {
    const head = path.slice(0, i);
    if (Object.prototype.hasOwnProperty.call(root, head)) {
      const found = resolvePath((root as Record<string, unknown>)[head], path.slice(i + 1));
      if (found) return found;
    }
  }
  return null;
}

export function hasPath(root: unknown, path: string): boolean {
  return resolvePath(root, path) !== null;
}

export function getPath(root: unknown, path: string): unknown {
  const r = resolvePath(root, path);
  return r ? (r.parent as Record<string, unknown>)[r.key] : undefined;
}

/** Sets the value at an existing path; returns false when the path is not there. */
export function setPath(root: unknown, path: string, value: unknown): boolean {
  const r = resolvePath(root, path);
  if (!r) return false;
  (r.parent as Record<string, unknown>)[r.key] = value;
  return true;
}

/** Every path to a scalar leaf ("auth.password", "scopes.0"), for choosing which are secret. */
export function leafPaths(value: unknown, prefix = "", depth = 0): string[] {
  if (!isContainer(value) || depth > 20) return prefix ? [prefix] : [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (isContainer(v) && Object.keys(v).length) out.push(...leafPaths(v, p, depth + 1));
    else out.push(p);
  }
  return out;
}

/** A deep copy of `value` with the values at `paths` replaced by the mask (paths not present are skipped). */
export function maskPaths<T>(value: T, paths: readonly string[], mask: unknown = MASK): T {
  const copy = structuredClone(value);
  for (const p of paths) if (hasPath(copy, p)) setPath(copy, p, mask);
  return copy;
}
