import { apiRoute } from "@/lib/api/handler";
import { listProvisioning } from "@/lib/provisioning/list-credentials";
import { provisioningOverviewSchema } from "@/lib/provisioning/schemas";

export const GET = apiRoute({ role: "editor", output: provisioningOverviewSchema }, ({ actor }) => listProvisioning(actor));
