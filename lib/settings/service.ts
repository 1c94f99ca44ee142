import "server-only";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { getDb } from "@/lib/db/client";
import { settings } from "@/lib/db/schema";
import { SETTING_DEFAULTS, SETTING_SCHEMAS, type GeneralSettings, type SettingKey, type SettingValue } from "./schemas";

export function getSetting<K extends SettingKey>(key: K): SettingValue<K> {
  const row = getDb().select().from(settings).where(eq(settings.key, key)).get();
  if (!row) return SETTING_DEFAULTS[key];
  const parsed = SETTING_SCHEMAS[key].safeParse(row.value);
  return parsed.success ? (parsed.data as SettingValue<K>) : SETTING_DEFAULTS[key];
}

export function setSetting<K extends SettingKey>(actor: Actor, key: K, value: SettingValue<K>): void {
  const before = getSetting(key);
  if (JSON.stringify(before) === JSON.stringify(value)) return;
  const now = new Date();
  getDb()
    .insert(settings)
    .values({ key, value, updatedAt: now, updatedBy: actor.label })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedBy: actor.label } })
    .run();
  recordAudit(actor, { action: "setting.update", targetType: "setting", targetId: key, targetLabel: key, summary: { from: before, to: value } });
}

export function getGeneralSettings(): GeneralSettings {
  return { workspaceName: getSetting("workspace.name") };
}

export function updateGeneralSettings(actor: Actor, input: GeneralSettings): GeneralSettings {
  setSetting(actor, "workspace.name", input.workspaceName);
  return getGeneralSettings();
}
