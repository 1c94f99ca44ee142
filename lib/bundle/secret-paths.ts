import "server-only";
import { SECRET_MASK } from "@/lib/connections/rest-schemas";
import { decryptJson } from "@/lib/secrets/cipher";
import { MASK } from "@/lib/secrets/redact";

// Which fields of a connection are secret is not listed here per auth type: the API's own answer
// masks every secret field (DESIGN §3), so the masked positions of that answer are the secret
// fields, whatever auth types the REST service grows. A path is dotted segments; a segment that
// lands on a string holding a JSON object (a Custom Auth body) continues inside that JSON.

const isMask = (v: unknown) => v === SECRET_MASK || v === MASK;

function parseJsonObject(text: string): Record<string, unknown> | unknown[] | null {
  const t = text.trim();
  if (!t.startsWith("{") && !t.startsWith("[")) return null;
  try {
    const v = JSON.parse(t) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Dotted paths of every masked value in `value`. */
export function maskedPaths(value: unknown, prefix: string[] = []): string[] {
  if (isMask(value)) return [prefix.join(".")];
  if (typeof value === "string") {
    const inner = parseJsonObject(value);
    return inner ? maskedPaths(inner, prefix) : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => maskedPaths(v, [...prefix, String(i)]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => maskedPaths(v, [...prefix, k]));
  return [];
}

/** A copy of `root` with `path` set to `value` (inside JSON strings too); missing containers are made. */
export function setPath(root: unknown, path: string, value: unknown): unknown {
  const go = (node: unknown, segs: string[]): unknown => {
    if (segs.length === 0) return value;
    if (typeof node === "string") {
      const inner = parseJsonObject(node);
      if (inner) return JSON.stringify(go(inner, segs), null, 2);
    }
    const [head, ...rest] = segs;
    if (Array.isArray(node)) {
      const copy = [...node];
      copy[Number(head)] = go(copy[Number(head)], rest);
      return copy;
    }
    const obj = node && typeof node === "object" ? { ...(node as Record<string, unknown>) } : {};
    obj[head] = go(obj[head], rest);
    return obj;
  };
  return go(root, path.split("."));
}

/** A copy of `root` with the masked values left out of the export: object keys dropped, JSON body values null. */
export function withoutMasks(root: unknown): unknown {
  if (isMask(root)) return undefined;
  if (typeof root === "string") {
    const inner = parseJsonObject(root);
    return inner && maskedPaths(inner).length ? JSON.stringify(nullMasks(inner), null, 2) : root;
  }
  if (Array.isArray(root)) return root.map(withoutMasks);
  if (root && typeof root === "object") {
    return Object.fromEntries(
      Object.entries(root)
        .map(([k, v]) => [k, withoutMasks(v)] as const)
        .filter(([, v]) => v !== undefined),
    );
  }
  return root;
}

function nullMasks(v: unknown): unknown {
  if (isMask(v)) return null;
  if (Array.isArray(v)) return v.map(nullMasks);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nullMasks(x)]));
  return v;
}

function flatten(v: unknown, prefix = ""): Record<string, string> {
  if (v && typeof v === "object") {
    return Object.assign({}, ...Object.entries(v).map(([k, x]) => flatten(x, prefix ? `${prefix}.${k}` : k)));
  }
  return prefix ? { [prefix]: JSON.stringify(v) } : {};
}

/** Which stored secret keys differ between two ciphertexts ("secrets.password"); never their values. */
export function secretChanges(before: string | null | undefined, after: string | null | undefined): string[] {
  const a = flatten(before ? decryptJson(before) : {});
  const b = flatten(after ? decryptJson(after) : {});
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).map((k) => `secrets.${k}`).sort();
}
