import { apiRoute } from "@/lib/api/handler";
import { generalSettingsSchema } from "@/lib/settings/schemas";
import { getGeneralSettings, updateGeneralSettings } from "@/lib/settings/service";

export const GET = apiRoute({ role: "viewer", output: generalSettingsSchema }, () => getGeneralSettings());

export const PUT = apiRoute({ role: "admin", body: generalSettingsSchema, output: generalSettingsSchema }, ({ actor, body }) =>
  updateGeneralSettings(actor, body),
);
