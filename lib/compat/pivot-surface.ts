import { z } from "zod";
import { surfaceOperations, type SurfaceModule } from "@/lib/openapi/surface-module";
import { pivotConnectionOutSchema, pivotErrorSchema, pivotWriteSchema } from "./pivot-schemas";

// Imply Pivot's connections API (seed 001): /api/v1/connections, addressed by name.

export const pivotSurface: SurfaceModule = {
  surface: "pivot",
  title: "Imply Pivot",
  blurb: "Druid connections by name. Send the token as x-imply-api-token.",
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
