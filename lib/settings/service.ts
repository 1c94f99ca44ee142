import "server-only";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/service";
import { db, first, inTransaction } from "@/lib/db/tx";
import { settings } from "@/lib/db/tables";
import { parseNetworkRule, splitRuleList } from "@/lib/net/rule-syntax";
import type { NetworkRules, NetworkSettings, RunSettings } from "./network-schemas";
import { SETTING_DEFAULTS, SETTING_SCHEMAS, type GeneralSettings, type SettingKey, type SettingValue } from "./schemas";

export async function getSetting<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
  const row = await first(db().select().from(settings).where(eq(settings.key, key)));
  if (!row) return SETTING_DEFAULTS[key];
  const parsed = SETTING_SCHEMAS[key].safeParse(row.value);
  return parsed.success ? (parsed.data as SettingValue<K>) : SETTING_DEFAULTS[key];
}

export async function setSetting<K extends SettingKey>(actor: Actor, key: K, value: SettingValue<K>): Promise<void> {
  // The value compared with is the one replaced: read in the same transaction.
  await inTransaction(async (tx) => {
    const before = await getSetting(key);
    if (JSON.stringify(before) === JSON.stringify(value)) return;
    const now = new Date();
    await tx
      .insert(settings)
      .values({ key, value, updatedAt: now, updatedBy: actor.label })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedBy: actor.label } });
    await recordAudit(actor, { action: "setting.update", targetType: "setting", targetId: key, targetLabel: key, summary: { from: before, to: value } });
  });
}

export async function getGeneralSettings(): Promise<GeneralSettings> {
  return { workspaceName: await getSetting("workspace.name") };
}

export async function updateGeneralSettings(actor: Actor, input: GeneralSettings): Promise<GeneralSettings> {
  await setSetting(actor, "workspace.name", input.workspaceName);
  return getGeneralSettings();
}

function environmentRules(variable: "SWITCHYARD_NET_ALLOW" | "SWITCHYARD_NET_DENY") {
  return splitRuleList(process.env[variable]).map((rule) => {
    const parsed = parseNetworkRule(rule);
    return { rule, problem: typeof parsed === "string" ? parsed : null };
  });
}

// Mirrors lib/net/ranges.ts and the console-port check in lib/net/policy.ts (not imported: the
// policy reads its rules from this module).
function alwaysRefused(): NetworkSettings["alwaysRefused"] {
  const port = Number(process.env.PORT) || 3000;
  return [
    {
      what: "Link-local and cloud metadata addresses: 169.254.0.0/16, fe80::/10, fd00:ec2::254, 100.100.100.200, 168.63.129.16, in every notation (decimal, hex, octal, IPv4-mapped IPv6)",
      why: "Metadata services answer there and hand out the host's cloud credentials.",
    },
    {
      what: "Metadata host names: metadata.google.internal, metadata.azure.com, instance-data and the like",
      why: "The same services by name, refused before any lookup.",
    },
    { what: "Multicast, broadcast and reserved ranges: 224.0.0.0/4, ff00::/8, 240.0.0.0/4, 0.0.0.0/8", why: "Nothing a data connection needs lives there." },
    {
      what: `This console's own port (${port}) on this machine`,
      why: "A script or a connection test could otherwise call the console's API from the inside.",
    },
  ];
}

/** Settings -> Network: the saved rules, the environment's rules and what is always refused. */
export async function getNetworkSettings(): Promise<NetworkSettings> {
  return {
    ...(await getSetting("network.rules")),
    environment: { allow: environmentRules("SWITCHYARD_NET_ALLOW"), deny: environmentRules("SWITCHYARD_NET_DENY") },
    alwaysRefused: alwaysRefused(),
  };
}

export async function updateNetworkSettings(actor: Actor, input: NetworkRules): Promise<NetworkSettings> {
  await setSetting(actor, "network.rules", input);
  return getNetworkSettings();
}

export function getTestRunLimits(): Promise<SettingValue<"runs.testConcurrency">> {
  return getSetting("runs.testConcurrency");
}

export async function getRunSettings(): Promise<RunSettings> {
  return { testConcurrency: await getTestRunLimits() };
}

export async function updateRunSettings(actor: Actor, input: RunSettings): Promise<RunSettings> {
  await setSetting(actor, "runs.testConcurrency", input.testConcurrency);
  return getRunSettings();
}
