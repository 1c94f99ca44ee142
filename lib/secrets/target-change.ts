import { ApiError } from "@/lib/api/errors";

// DESIGN §3: changing a connection's host or URL requires its secrets to be entered again, for
// every kind. Otherwise an editor could point a saved connection at a server of their own and
// collect the stored password on the next test or run. REST connections, Druid, JDBC and Dataherald
// database connections and the warehouse all decide it here.

/** Where a connection's secrets are sent. Hosts compare case-insensitively and as a set. */
export type SecretTarget = {
  kind?: string | null;
  host?: string | readonly (string | null | undefined)[] | null;
  port?: number | string | null;
  database?: string | null;
  url?: string | null;
};

const FIELD_WORDS: Record<keyof SecretTarget, string> = { kind: "type", host: "host", port: "port", database: "database", url: "URL" };

function normal(key: keyof SecretTarget, v: SecretTarget[keyof SecretTarget]): string {
  if (v === null || v === undefined || v === "") return "";
  if (key === "host") {
    const list = (Array.isArray(v) ? v : [v]) as (string | null | undefined)[];
    return list
      .filter((h): h is string => Boolean(h))
      .map((h) => h.trim().toLowerCase().replace(/\/+$/, ""))
      .sort()
      .join(",");
  }
  return String(v).trim();
}

/** What changed between two targets ("host", "port", …), or null when they are the same. */
export function targetChange(previous: SecretTarget | null | undefined, next: SecretTarget): string | null {
  if (!previous) return null;
  for (const key of Object.keys(FIELD_WORDS) as (keyof SecretTarget)[]) {
    if (!(key in previous) && !(key in next)) continue;
    if (normal(key, previous[key]) !== normal(key, next[key])) return FIELD_WORDS[key];
  }
  return null;
}

export type IncomingSecret = {
  /** The value sent now: ignored when `keep` says it stands for the stored one. */
  value: string | null | undefined;
  /** True when the request sent the mask (or left the field out) to keep the stored value. */
  keep: boolean;
  stored: string | null | undefined;
  /** The words for the message: "password", "TLS key passphrase". */
  label?: string;
};

/**
 * Resolves each secret of an edit: a kept secret takes its stored value while the target is the
 * same; when the host, port, database or URL changed, every kept secret that has a stored value is
 * a field error ("Enter the password again: the host changed") and the edit is refused with 422.
 */
export function requireSecretsAgainIfTargetChanged<K extends string>(
  previous: SecretTarget | null | undefined,
  next: SecretTarget,
  secrets: Record<K, IncomingSecret>,
): Record<K, string | undefined> {
  const change = targetChange(previous, next);
  const out = {} as Record<K, string | undefined>;
  const fields: Record<string, string> = {};
  for (const [field, s] of Object.entries(secrets) as [K, IncomingSecret][]) {
    if (!s.keep) {
      out[field] = s.value ?? undefined;
      continue;
    }
    if (change && s.stored) fields[field] = `Enter the ${s.label ?? "secret"} again: the ${change} changed`;
    out[field] = change ? undefined : (s.stored ?? undefined);
  }
  if (Object.keys(fields).length) {
    throw new ApiError("unprocessable_entity", `The connection's ${change} changed: enter its secrets again`, fields);
  }
  return out;
}
