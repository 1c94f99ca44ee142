import { apiRoute } from "@/lib/api/handler";
import { runSettingsSchema } from "@/lib/settings/network-schemas";
import { getRunSettings, updateRunSettings } from "@/lib/settings/service";

// How many test runs may execute at once, per person and in all.
export const GET = apiRoute({ role: "viewer", output: runSettingsSchema }, () => getRunSettings());

export const PUT = apiRoute({ role: "admin", body: runSettingsSchema, output: runSettingsSchema }, ({ actor, body }) => updateRunSettings(actor, body));
