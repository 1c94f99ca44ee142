import { z } from "zod";
import { parseNetworkRule } from "@/lib/net/rule-syntax";

const networkRuleList = z
  .array(z.string().trim().max(300))
  .max(500, { error: "At most 500 rules" })
  .superRefine((rules, ctx) => {
    rules.forEach((rule, i) => {
      const parsed = parseNetworkRule(rule);
      if (typeof parsed === "string") ctx.addIssue({ code: "custom", path: [i], message: parsed });
    });
  });

// Every workspace setting, its schema and default. Later features add theirs here.
export const SETTING_SCHEMAS = {
  "workspace.name": z
    .string()
    .trim()
    .min(1, { error: "The workspace needs a name" })
    .max(60, { error: "At most 60 characters" }),
  // Folder SQLite database connections may open (empty: SQLITE_ALLOWED_DIR, or none).
  "sqlite.allowedDir": z
    .string()
    .trim()
    .max(1000)
    .refine((v) => v === "" || v.startsWith("/"), { error: "Give an absolute path, or leave empty" }),
  // Outbound policy (lib/net): admin-managed rules on top of SWITCHYARD_NET_ALLOW / SWITCHYARD_NET_DENY.
  // Metadata and link-local addresses and the console's own port are refused whatever these say.
  "network.rules": z.object({
    allow: networkRuleList,
    deny: networkRuleList,
    // Loopback and private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, 127/8, ::1).
    scriptsMayReachPrivate: z.boolean(),
    serverMayReachPrivate: z.boolean(),
  }),
  // How many test runs may execute at once, per user and in all (beyond them: 429).
  "runs.testConcurrency": z.object({
    perUser: z.number().int().min(1, { error: "At least 1" }).max(50, { error: "At most 50" }),
    total: z.number().int().min(1, { error: "At least 1" }).max(200, { error: "At most 200" }),
  }),
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTING_SCHEMAS)[K]>;

export const SETTING_DEFAULTS: { [K in SettingKey]: SettingValue<K> } = {
  "workspace.name": "Switchyard",
  "sqlite.allowedDir": "",
  "network.rules": { allow: [], deny: [], scriptsMayReachPrivate: false, serverMayReachPrivate: true },
  "runs.testConcurrency": { perUser: 2, total: 4 },
};

export const generalSettingsSchema = z.object({ workspaceName: SETTING_SCHEMAS["workspace.name"] });
export type GeneralSettings = z.infer<typeof generalSettingsSchema>;
