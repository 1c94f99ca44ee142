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
  // Bearer, API key, OAuth 2.0 and session token (lib/connections/auth/*).
  token: string;
  testUrl: string;
  keyIn: "header" | "query";
  keyName: string;
  keyValue: string;
  grantType: "client_credentials" | "refresh_token";
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  scopes: string;
  clientAuth: "body" | "basic";
  extraBody: KeyValue[];
  tokenPath: string;
  tokenIn: "header" | "query";
  tokenName: string;
  tokenPrefix: string;
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
    token: connection?.token ?? "",
    testUrl: connection?.testUrl ?? "",
    keyIn: connection?.keyIn ?? "header",
    keyName: connection?.keyName ?? "X-API-Key",
    keyValue: connection?.keyValue ?? "",
    grantType: connection?.grantType ?? "client_credentials",
    tokenUrl: connection?.tokenUrl ?? "",
    clientId: connection?.clientId ?? "",
    clientSecret: connection?.clientSecret ?? "",
    refreshToken: connection?.refreshToken ?? "",
    scopes: connection?.scopes ?? "",
    clientAuth: connection?.clientAuth ?? "body",
    extraBody: connection?.extraBody ?? [],
    tokenPath: connection?.tokenPath ?? "",
    tokenIn: connection?.tokenIn ?? "header",
    tokenName: connection?.tokenName ?? "Authorization",
    tokenPrefix: connection?.tokenPrefix ?? "Bearer ",
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

const FIXED_FIELDS = [
  "name",
  "authType",
  "username",
  "password",
  "authUrl",
  "method",
  "body",
  "secretBodyKeys",
  "token",
  "testUrl",
  "keyIn",
  "keyName",
  "keyValue",
  "grantType",
  "tokenUrl",
  "clientId",
  "clientSecret",
  "refreshToken",
  "scopes",
  "clientAuth",
  "tokenPath",
  "tokenIn",
  "tokenName",
  "tokenPrefix",
] as const;

/** The fields Test needs valid, per auth type (a missing name does not stop a test). */
export const TEST_FIELDS: Partial<Record<AuthType, FieldPath<RestFormValues>[]>> = {
  custom: ["authUrl", "method", "headers", "body"],
  sessionToken: ["authUrl", "method", "headers", "body", "tokenPath", "tokenName"],
  bearer: ["token", "testUrl"],
  apiKey: ["keyName", "keyValue", "testUrl"],
  oauth2: ["tokenUrl", "clientId", "clientSecret", "refreshToken", "testUrl"],
};

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
