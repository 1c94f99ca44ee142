import { z } from "zod";

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
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTING_SCHEMAS)[K]>;

export const SETTING_DEFAULTS: { [K in SettingKey]: SettingValue<K> } = {
  "workspace.name": "Switchyard",
  "sqlite.allowedDir": "",
};

export const generalSettingsSchema = z.object({ workspaceName: SETTING_SCHEMAS["workspace.name"] });
export type GeneralSettings = z.infer<typeof generalSettingsSchema>;
