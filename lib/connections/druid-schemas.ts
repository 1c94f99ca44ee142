import { z } from "zod";

// A Druid connection's fields, as seed 001 documents them. key, passphrase and sockPassword are secrets: masked
// on read, and writing the mask back keeps the stored value.
export const DRUID_SECRET_FIELDS = ["key", "passphrase", "sockPassword"] as const;

const optText = z.string().max(100_000).nullish();

export const druidConnectionSchema = z.object({
  name: z
    .string({ error: "name is required" })
    .trim()
    .min(1, { error: "name is required" })
    .max(100)
    .regex(/^[^/\\?#]+$/, { error: "name cannot contain / \\ ? or #" }),
  type: z.literal("druid", { error: 'type must be "druid"' }).default("druid"),
  queryHosts: z.array(z.string().trim().min(1).max(300)).min(1, { error: "Give at least one query host" }).max(20),
  title: optText,
  version: optText,
  timeout: z.number().int().min(0).nullish(),
  sqlTimeout: z.number().int().min(0).nullish(),
  protocol: z.enum(["plain", "tls", "tls-loose", "tls-ca"]).default("plain"),
  ca: optText,
  cert: optText,
  key: optText,
  passphrase: optText,
  decorator: optText,
  decoratorOptions: optText,
  sockPassword: optText,
  sockHost: optText,
  sockUsername: optText,
});
export type DruidConnection = z.infer<typeof druidConnectionSchema>;
