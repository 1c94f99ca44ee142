import { apiRoute } from "@/lib/api/handler";
import { networkRulesSchema, networkSettingsSchema } from "@/lib/settings/network-schemas";
import { getNetworkSettings, updateNetworkSettings } from "@/lib/settings/service";

// The outbound policy's admin-managed rules, with the environment's rules and what is always refused.
export const GET = apiRoute({ role: "viewer", output: networkSettingsSchema }, () => getNetworkSettings());

export const PUT = apiRoute({ role: "admin", body: networkRulesSchema, output: networkSettingsSchema }, ({ actor, body }) =>
  updateNetworkSettings(actor, body),
);
