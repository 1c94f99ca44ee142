import { z } from "zod";
import { PROVISIONING_BACKENDS } from "./backends";

// Input and output of the native provisioning API and Settings -> Provisioning. Browser-safe.

const adminUrl = (schemes: string[]) =>
  z
    .string()
    .trim()
    .max(2000)
    .refine((v) => v === "" || schemes.some((s) => v.toLowerCase().startsWith(`${s}://`)), { error: `Give a URL starting with ${schemes.map((s) => `${s}://`).join(" or ")}, or leave empty` });

/** PUT /api/settings/provisioning. Empty fields fall back to the environment; a masked password keeps the stored one. */
export const provisioningSettingsInputSchema = z.object({
  mysqlUrl: adminUrl(["mysql", "mariadb"]),
  redshiftUrl: adminUrl(["postgresql", "postgres", "redshift"]),
  snowflake: z.object({
    account: z.string().trim().max(200).regex(/^[A-Za-z0-9._-]*$/, { error: "Letters, digits, dots, dashes and underscores only" }),
    user: z.string().trim().max(200),
    password: z.string().max(1000),
    warehouse: z.string().trim().max(200),
  }),
  dockerHost: z.string().trim().max(500),
});
export type ProvisioningSettingsInput = z.infer<typeof provisioningSettingsInputSchema>;

export const backendStatusSchema = z.object({
  backend: z.enum(PROVISIONING_BACKENDS),
  configured: z.boolean(),
  source: z.enum(["settings", "environment"]).nullable(),
  /** Where sandboxes are created, without credentials. */
  target: z.string().nullable(),
  /** Why calls are refused even though it is configured (Snowflake without a reachable account, Docker without an engine). */
  problem: z.string().nullable(),
});
export type BackendStatus = z.infer<typeof backendStatusSchema>;

/** GET and PUT answer: what is saved (passwords masked), and every backend's status. */
export const provisioningSettingsSchema = provisioningSettingsInputSchema.extend({ backends: z.array(backendStatusSchema) });
export type ProvisioningSettings = z.infer<typeof provisioningSettingsSchema>;

export const credentialsSummarySchema = z.object({
  id: z.string(),
  backend: z.enum(PROVISIONING_BACKENDS),
  type: z.string(),
  owner: z.string(),
  hostname: z.string(),
  port: z.number().nullable(),
  db: z.string(),
  schema: z.string().nullable(),
  user: z.string(),
  warehouse: z.string().nullable(),
  createdAt: z.string(),
  touchedAt: z.string(),
  expiresAt: z.string(),
  /** Null when the backend's server could not be asked. */
  inUse: z.boolean().nullable(),
  canExtend: z.boolean(),
});
export type CredentialsSummary = z.infer<typeof credentialsSummarySchema>;

export const provisioningOverviewSchema = z.object({ backends: z.array(backendStatusSchema), credentials: z.array(credentialsSummarySchema) });
export type ProvisioningOverview = z.infer<typeof provisioningOverviewSchema>;

export const revealedPasswordSchema = z.object({ password: z.string() });
