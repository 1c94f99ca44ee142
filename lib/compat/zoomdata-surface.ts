import { z } from "zod";
import { surfaceOperations, type SurfaceModule } from "@/lib/openapi/surface-module";
import { zoomdataConnectionOutSchema, zoomdataConnectionSchema, zoomdataErrorSchema, zoomdataObjectSchema, zoomdataObjectsQuerySchema, zoomdataTypeSchema } from "./zoomdata-schemas";

// Zoomdata's private connection API (seed 000), under /zoomdata/service, with HTTP Basic.

export const zoomdataSurface: SurfaceModule = {
  surface: "zoomdata",
  title: "Zoomdata",
  blurb: "JDBC connections under /zoomdata. HTTP Basic with an admin's email and password, or a token.",
  security: [{ basicAuth: [] }, { bearerAuth: [] }, { apiKey: [] }],
  errorSchema: zoomdataErrorSchema,
  operations: surfaceOperations("Zoomdata", [
    ["get", "/zoomdata/service/connection/types", { summary: "Connection types (legacy and EDC)", role: "admin", response: z.array(zoomdataTypeSchema) }],
    ["get", "/zoomdata/service/connections", { summary: "List connections", role: "admin", response: z.array(zoomdataConnectionOutSchema) }],
    ["post", "/zoomdata/service/connections", { summary: "Create a JDBC connection: tested when a driver exists here, tables discovered", role: "admin", body: zoomdataConnectionSchema, status: 201, response: zoomdataConnectionOutSchema }],
    ["get", "/zoomdata/service/connections/{id}", { summary: "A connection", role: "admin", response: zoomdataConnectionOutSchema }],
    ["put", "/zoomdata/service/connections/{id}", { summary: "Update a connection", role: "admin", body: zoomdataConnectionSchema, response: zoomdataConnectionOutSchema }],
    ["delete", "/zoomdata/service/connections/{id}", { summary: "Delete a connection", role: "admin", status: 204 }],
    ["get", "/zoomdata/service/connections/{id}/schema", { summary: "Schemas of the connection's database", role: "admin", response: z.array(z.string()) }],
    ["get", "/zoomdata/service/connections/{id}/objects", { summary: "Tables (TABLE) and views (VIEW) of a schema", role: "admin", query: zoomdataObjectsQuerySchema, response: z.array(zoomdataObjectSchema) }],
  ]),
};
