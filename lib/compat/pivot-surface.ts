import { z } from "zod";
import { druidConnectionSchema, pivotWriteSchema } from "@/lib/connections/druid-schemas";
import { surfaceOperations, type SurfaceModule } from "@/lib/openapi/surface-module";

// Imply Pivot's connections API (seed 001): /api/v1/connections, addressed by name.

// As stored (names and hosts are not checked again on the way out), secrets masked.
export const pivotConnectionOutSchema = druidConnectionSchema
  .extend({ name: z.string(), queryHosts: z.array(z.string()), fixed: z.boolean().optional() })
  .describe("key, passphrase and sockPassword come back masked");
export const pivotErrorSchema = z.object({ error: z.string() });

export const pivotSurface: SurfaceModule = {
  surface: "pivot",
  security: [{ implyApiToken: [] }, { bearerAuth: [] }],
  securitySchemes: { implyApiToken: { type: "apiKey", in: "header", name: "x-imply-api-token" } },
  errorSchema: pivotErrorSchema,
  operations: surfaceOperations("Imply Pivot", [
    ["get", "/api/v1/connections", { summary: "All Druid connections (header x-imply-api-token)", role: "viewer", response: z.array(pivotConnectionOutSchema) }],
    ["post", "/api/v1/connections", { summary: "Create or update a connection by name", role: "editor", body: pivotWriteSchema, response: z.object({ connection: pivotConnectionOutSchema }) }],
    ["get", "/api/v1/connections/{name}", { summary: 'One connection by name; 404 {"error": "Not found."}', role: "viewer", response: pivotConnectionOutSchema }],
    ["delete", "/api/v1/connections/{name}", { summary: "Delete a connection by name", role: "editor", response: z.object({}) }],
  ]),
};
