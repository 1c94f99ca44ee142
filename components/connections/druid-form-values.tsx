import type { FieldErrors, FieldPath, Resolver, UseFormReturn } from "react-hook-form";
import { druidConnectionSchema, type DruidConnection } from "@/lib/connections/druid-schemas";
import type { DruidConnectionOut } from "@/lib/connections/queries";

// The Druid form's values and how they become Pivot's connection object (seed 001).

export const DRUID_PROTOCOLS = ["plain", "tls", "tls-loose", "tls-ca"] as const;
export type DruidProtocol = (typeof DRUID_PROTOCOLS)[number];

export const PROTOCOL_LABEL: Record<DruidProtocol, string> = {
  plain: "plain: HTTP",
  tls: "tls: HTTPS, certificate verified",
  "tls-loose": "tls-loose: HTTPS, any certificate",
  "tls-ca": "tls-ca: HTTPS, verified against your CA",
};

const TEXT_FIELDS = ["title", "version", "ca", "cert", "key", "passphrase", "decorator", "decoratorOptions", "sockHost", "sockUsername", "sockPassword"] as const;
type TextField = (typeof TEXT_FIELDS)[number];

export type DruidFormValues = Record<TextField, string> & {
  name: string;
  /** Objects, because useFieldArray keys its rows. */
  queryHosts: { value: string }[];
  protocol: DruidProtocol;
  timeout: string;
  sqlTimeout: string;
};

export type DruidForm = UseFormReturn<DruidFormValues, unknown, DruidConnection>;

export function druidFormDefaults(saved?: DruidConnectionOut): DruidFormValues {
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, saved?.[f] ?? ""])) as Record<TextField, string>;
  const hosts = saved?.queryHosts.length ? saved.queryHosts : [""];
  return {
    ...text,
    name: saved?.name ?? "",
    queryHosts: hosts.map((value) => ({ value })),
    protocol: saved?.protocol ?? "plain",
    timeout: saved?.timeout === null || saved?.timeout === undefined ? "" : String(saved.timeout),
    sqlTimeout: saved?.sqlTimeout === null || saved?.sqlTimeout === undefined ? "" : String(saved.sqlTimeout),
  };
}

/** Pivot's object: empty text is null (a secret's mask is sent back as it is, which keeps it). */
export function druidInputOf(v: DruidFormValues): Record<string, unknown> {
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, v[f].trim() ? v[f] : null]));
  const ms = (s: string) => (s.trim() === "" ? null : Number(s));
  return {
    name: v.name.trim(),
    type: "druid",
    queryHosts: v.queryHosts.map((h) => h.value.trim()).filter(Boolean),
    ...text,
    protocol: v.protocol,
    timeout: ms(v.timeout),
    sqlTimeout: ms(v.sqlTimeout),
  };
}

/** A server or schema path ("queryHosts.1") as the form's field ("queryHosts.1.value"). */
export function druidFieldFor(path: string): FieldPath<DruidFormValues> {
  const host = /^queryHosts(?:\.(\d+))?$/.exec(path);
  if (host) return `queryHosts.${Number(host[1] ?? 0)}.value`;
  return path as FieldPath<DruidFormValues>;
}

export const druidFormResolver: Resolver<DruidFormValues, unknown, DruidConnection> = (values) => {
  const errors: Record<string, { type: string; message: string }> = {};
  const add = (name: string, message: string) => (errors[name] ??= { type: "validate", message });
  if (!values.name.trim()) add("name", "Enter a name");
  if (!values.queryHosts.some((h) => h.value.trim())) add("queryHosts.0.value", "Add at least one query host, e.g. broker.example.com:8082");
  for (const f of ["timeout", "sqlTimeout"] as const) {
    if (values[f].trim() && !/^\d+$/.test(values[f].trim())) add(f, "Whole milliseconds, 0 or more");
  }
  if (!Object.keys(errors).length) {
    const parsed = druidConnectionSchema.safeParse(druidInputOf(values));
    if (parsed.success) return { values: parsed.data, errors: {} };
    for (const issue of parsed.error.issues) add(druidFieldFor(issue.path.map(String).join(".")), issue.message);
  }
  // Nested names ("queryHosts.0.value") must be nested objects for react-hook-form.
  const nested: Record<string, unknown> = {};
  for (const [name, error] of Object.entries(errors)) {
    const parts = name.split(".");
    let at = nested as Record<string, unknown>;
    parts.slice(0, -1).forEach((p, i) => {
      at[p] ??= /^\d+$/.test(parts[i + 1]) ? [] : {};
      at = at[p] as Record<string, unknown>;
    });
    at[parts[parts.length - 1]] = error;
  }
  return { values: {}, errors: nested as FieldErrors<DruidFormValues> };
};
