// The syntax of secret references ($__env{NAME}, $__file{/path}): parsed and described here,
// without any server module, so the console's secret field shows "from environment variable NAME"
// with the same rules. Checking and resolving them is lib/secrets/refs.ts (server only).

import { MASK } from "./redact";

export type SecretRef = { kind: "env"; name: string; raw: string } | { kind: "file"; path: string; raw: string };

const REF = /^\$__(env|file)\{([^{}]*)\}$/;

/** The reference a value holds (the whole value, trimmed), or null for an ordinary value. */
export function parseSecretRef(value: unknown): SecretRef | null {
  if (typeof value !== "string") return null;
  const m = REF.exec(value.trim());
  if (!m) return null;
  const raw = value.trim();
  return m[1] === "env" ? { kind: "env", name: m[2].trim(), raw } : { kind: "file", path: m[2].trim(), raw };
}

export const isSecretRef = (value: unknown): value is string => parseSecretRef(value) !== null;

/** What the console shows for a reference: "from environment variable NAME" / "from file /path". */
export function describeSecretRef(value: unknown): string | null {
  const ref = parseSecretRef(value);
  if (!ref) return null;
  return ref.kind === "env" ? `from environment variable ${ref.name}` : `from file ${ref.path}`;
}

/** The reference a secret holds, as written, or null: what may be shown of a secret is its reference, never its value. */
export const refOrNull = (value: unknown): string | null => (isSecretRef(value) ? value.trim() : null);

/** A redacted URI with its masked password shown as the reference it is, when it is one. */
export function showRefInUri(redacted: string, password: unknown): string {
  const ref = refOrNull(password);
  return ref ? redacted.replace(`:${MASK}@`, `:${ref}@`) : redacted;
}
