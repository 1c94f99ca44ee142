import { zodResolver } from "@hookform/resolvers/zod";
import type { FieldPath, Resolver, UseFormReturn } from "react-hook-form";
import {
  restConnectionInputSchema,
  type HTTP_METHODS,
  type KeyValue,
  type RestConnectionInput,
  type RestConnectionOut,
} from "@/lib/connections/rest-schemas";
import { leafPaths } from "@/lib/secrets/redact";

export type AuthType = RestConnectionInput["authType"];

/** Every auth type's fields at once, so switching type keeps what was typed. */
export type RestFormValues = {
  name: string;
  authType: AuthType;
  username: string;
  password: string;
  authUrl: string;
  method: (typeof HTTP_METHODS)[number];
  headers: KeyValue[];
  body: string;
  secretBodyKeys: string[];
};

export type RestForm = UseFormReturn<RestFormValues, unknown, RestConnectionInput>;

// The flat values parse with the shared input schema as they are: the union picks the branch by
// authType and each branch drops the other branches' fields.
export const restFormResolver = zodResolver(restConnectionInputSchema) as unknown as Resolver<RestFormValues, unknown, RestConnectionInput>;

export function restFormDefaults(connection?: RestConnectionOut): RestFormValues {
  return {
    name: connection?.name ?? "",
    authType: connection?.authType ?? "none",
    username: connection?.username ?? "",
    password: connection?.password ?? "",
    authUrl: connection?.authUrl ?? "",
    method: connection?.method ?? "POST",
    headers: connection?.headers ?? [],
    body: connection?.body ?? "",
    secretBodyKeys: connection?.secretBodyKeys ?? [],
  };
}

/**
 * The JSON body's values by path ("client_secret", "auth.password" for nested ones), each one
 * markable secret, or null while the body is not a JSON object.
 */
export function bodyKeys(body: string): string[] | null {
  if (!body.trim()) return [];
  try {
    const value = JSON.parse(body) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value) ? leafPaths(value) : null;
  } catch {
    return null;
  }
}

const FIXED_FIELDS = ["name", "authType", "username", "password", "authUrl", "method", "body", "secretBodyKeys"] as const;

/** Field paths the form shows, for mapping the server's field errors ("headers.1.value"). */
export function restFormFieldPaths(values: RestFormValues): FieldPath<RestFormValues>[] {
  const rows = values.headers.flatMap((_, i) => [`headers.${i}.key`, `headers.${i}.value`] as const);
  return [...FIXED_FIELDS, ...rows];
}

/** The server names a secret body value "body.<key>"; the form shows it on the body. */
export function bodyKeyErrorsOnBody(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    if (path.startsWith("body.")) out.body = `${out.body ? `${out.body} ` : ""}${path.slice(5)}: ${message}`;
    else out[path] = message;
  }
  return out;
}
