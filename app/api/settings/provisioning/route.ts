import { apiRoute } from "@/lib/api/handler";
import { getProvisioningSettings, updateProvisioningSettings } from "@/lib/provisioning/config";
import { provisioningSettingsInputSchema, provisioningSettingsSchema } from "@/lib/provisioning/schemas";

export const GET = apiRoute({ role: "admin", output: provisioningSettingsSchema }, () => getProvisioningSettings());

export const PUT = apiRoute({ role: "admin", body: provisioningSettingsInputSchema, output: provisioningSettingsSchema }, ({ actor, body }) => updateProvisioningSettings(actor, body));
