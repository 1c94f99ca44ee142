import { z } from "zod";

// REST connections (Peak's REST API connector): No Auth, Basic Auth or Custom Auth.
// Shared by the API handlers, the console forms and the tests.

export const SECRET_MASK = "••••••••";

export const restNameSchema = z
  .string()
  .trim()
  .min(1, { error: "Enter a connection name" })
  .max(100, { error: "At most 100 characters" })
  .regex(/^[A-Za-z0-9_]+$/, { error: "Use letters, digits and underscores only" });

export const keyValueSchema = z.object({
  key: z.string().trim().min(1, { error: "Enter a name" }).max(200),
  value: z.string().max(10_000),
  secret: z.boolean().default(false),
});
export type KeyValue = z.infer<typeof keyValueSchema>;

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH"] as const;

const httpUrl = z
  .string()
  .trim()
  .min(1, { error: "Enter the authorization URL" })
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), { error: "Enter an http:// or https:// URL" });

/** The body must be empty or a JSON object; the message says where the JSON breaks. */
export function jsonObjectProblem(text: string): string | null {
  if (!text.trim()) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value) ? null : "The body must be a JSON object";
  } catch (e) {
    return `Invalid JSON: ${(e as Error).message}`;
  }
}

const bodySchema = z
  .string()
  .max(100_000)
  .default("")
  .superRefine((v, ctx) => {
    const problem = jsonObjectProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const uniqueHeaders = (headers: KeyValue[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  headers.forEach((h, i) => {
    const k = h.key.toLowerCase();
    if (seen.has(k)) ctx.addIssue({ code: "custom", path: ["headers", i, "key"], message: `Header ${h.key} is listed twice` });
    seen.add(k);
  });
};

export const noAuthSchema = z.object({ authType: z.literal("none") });
export const basicAuthSchema = z.object({
  authType: z.literal("basic"),
  username: z.string().min(1, { error: "Enter the username" }).max(500),
  password: z.string().min(1, { error: "Enter the password" }).max(2_000),
});
export const customAuthSchema = z.object({
  authType: z.literal("custom"),
  authUrl: httpUrl,
  method: z.enum(HTTP_METHODS).default("POST"),
  headers: z.array(keyValueSchema).max(50).default([]),
  body: bodySchema,
  // Paths into the JSON body whose values are secret: "client_secret", or dotted for nested
  // values ("auth.password", "credentials.0.key"). Stored encrypted, shown as the mask.
  secretBodyKeys: z.array(z.string().min(1)).max(50).default([]),
});

// The request the Test button makes with the credentials (bearer, API key, OAuth 2.0); optional.
const testUrlSchema = z
  .string()
  .trim()
  .max(2_000)
  .default("")
  .refine((v) => !v || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)), { error: "Enter an http:// or https:// URL" });
const urlField = (missing: string) =>
  z
    .string()
    .trim()
    .min(1, { error: missing })
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), { error: "Enter an http:// or https:// URL" });
const paramName = z.string().trim().min(1, { error: "Enter the name" }).max(200).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: "Use letters, digits and - _ . only" });

export const bearerAuthSchema = z.object({
  authType: z.literal("bearer"),
  token: z.string().min(1, { error: "Enter the token" }).max(10_000),
  testUrl: testUrlSchema,
});
export const apiKeyAuthSchema = z.object({
  authType: z.literal("apiKey"),
  keyIn: z.enum(["header", "query"], { error: "Send the key in a header or a query parameter" }).default("header"),
  keyName: paramName,
  keyValue: z.string().min(1, { error: "Enter the API key" }).max(10_000),
  testUrl: testUrlSchema,
});
export const OAUTH_GRANTS = ["client_credentials", "refresh_token"] as const;
export const oauth2AuthSchema = z
  .object({
    authType: z.literal("oauth2"),
    grantType: z.enum(OAUTH_GRANTS, { error: "Grant type must be client_credentials or refresh_token" }).default("client_credentials"),
    tokenUrl: urlField("Enter the token URL"),
    clientId: z.string().trim().min(1, { error: "Enter the client ID" }).max(1_000),
    clientSecret: z.string().max(10_000).default(""),
    refreshToken: z.string().max(10_000).default(""),
    scopes: z.string().trim().max(2_000).default(""),
    clientAuth: z.enum(["body", "basic"]).default("body"),
    extraBody: z.array(keyValueSchema).max(50).default([]),
    testUrl: testUrlSchema,
  })
  .superRefine((v, ctx) => {
    if (v.grantType === "client_credentials" && !v.clientSecret) ctx.addIssue({ code: "custom", path: ["clientSecret"], message: "Enter the client secret" });
    if (v.grantType === "refresh_token" && !v.refreshToken) ctx.addIssue({ code: "custom", path: ["refreshToken"], message: "Enter the refresh token" });
  });
export const sessionTokenAuthSchema = customAuthSchema.extend({
  authType: z.literal("sessionToken"),
  tokenPath: z.string().trim().min(1, { error: "Enter where the token is in the answer (a JSON path such as data.token)" }).max(500),
  tokenIn: z.enum(["header", "query"]).default("header"),
  tokenName: paramName.default("Authorization"),
  tokenPrefix: z.string().max(100).default("Bearer "),
});

export const REST_AUTH_TYPES = ["none", "basic", "custom", "bearer", "apiKey", "oauth2", "sessionToken"] as const;

export const restConnectionInputSchema = z
  .discriminatedUnion(
    "authType",
    [
      noAuthSchema.extend({ name: restNameSchema }),
      basicAuthSchema.extend({ name: restNameSchema }),
      customAuthSchema.extend({ name: restNameSchema }),
      bearerAuthSchema.extend({ name: restNameSchema }),
      apiKeyAuthSchema.extend({ name: restNameSchema }),
      oauth2AuthSchema.safeExtend({ name: restNameSchema }),
      sessionTokenAuthSchema.extend({ name: restNameSchema }),
    ],
    {
      error: `Authentication type must be one of ${REST_AUTH_TYPES.join(", ")}`,
    },
  )
  .superRefine((v, ctx) => {
    if (v.authType === "custom" || v.authType === "sessionToken") uniqueHeaders(v.headers, ctx);
    if (v.authType === "oauth2") {
      const seen = new Set<string>();
      v.extraBody.forEach((h, i) => {
        if (seen.has(h.key)) ctx.addIssue({ code: "custom", path: ["extraBody", i, "key"], message: `Field ${h.key} is listed twice` });
        seen.add(h.key);
      });
    }
  });
export type RestConnectionInput = z.infer<typeof restConnectionInputSchema>;

export const authTypeSchema = z.enum(REST_AUTH_TYPES);

export const restConnectionSchema = z.object({
  id: z.string(),
  kind: z.literal("rest"),
  name: z.string(),
  authType: authTypeSchema,
  username: z.string().optional(),
  password: z.string().optional(),
  authUrl: z.string().optional(),
  method: z.enum(HTTP_METHODS).optional(),
  headers: z.array(keyValueSchema).optional(),
  body: z.string().optional(),
  secretBodyKeys: z.array(z.string()).optional(),
  token: z.string().optional(),
  testUrl: z.string().optional(),
  keyIn: z.enum(["header", "query"]).optional(),
  keyName: z.string().optional(),
  keyValue: z.string().optional(),
  grantType: z.enum(OAUTH_GRANTS).optional(),
  tokenUrl: z.string().optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
  refreshToken: z.string().optional(),
  scopes: z.string().optional(),
  clientAuth: z.enum(["body", "basic"]).optional(),
  extraBody: z.array(keyValueSchema).optional(),
  tokenPath: z.string().optional(),
  tokenIn: z.enum(["header", "query"]).optional(),
  tokenName: z.string().optional(),
  tokenPrefix: z.string().optional(),
  usedBy: z.array(z.object({ id: z.number(), name: z.string().nullable() })),
  lastTest: z
    .object({ ok: z.boolean(), code: z.string().nullable(), message: z.string(), at: z.string(), timeMs: z.number().nullable() })
    .nullable(),
  // The PROVISIONING_DIR file that declares it (then read-only), or null.
  provisionedFrom: z.string().nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
});
export type RestConnectionOut = z.infer<typeof restConnectionSchema>;

export const TEST_FAILURE_CODES = ["dns_not_found", "connection_refused", "timeout", "tls_error", "http_4xx", "http_5xx", "invalid_json", "network_error", "destination_not_allowed", "secret_reference_unresolved"] as const;

export const connectionTestResultSchema = z.object({
  ok: z.boolean(),
  code: z.enum(TEST_FAILURE_CODES).nullable(),
  message: z.string(),
  status: z.number().nullable(),
  timeMs: z.number().nullable(),
  excerpt: z.string().nullable(),
});
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;
