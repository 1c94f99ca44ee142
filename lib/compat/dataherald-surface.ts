import { z } from "zod";
import { surfaceOperations, type OperationSpec, type SurfaceModule } from "@/lib/openapi/surface-module";
import {
  dataheraldConnectionOutSchema,
  dataheraldConnectionSchema,
  dataheraldDriverSchema,
  dataheraldErrorSchema,
  dataheraldTableOutSchema,
  dataheraldTableUpdateSchema,
  fastApiValidationSchema,
  heartbeatSchema,
  hostedSyncSchemasSchema,
  refreshSchema,
  syncSchemasSchema,
  tableListQuerySchema,
} from "./dataherald-schemas";

// Dataherald (seed 002): the engine's /api/v1 paths, and the hosted API's /api paths and
// /heartbeat that its official Python SDK calls (aliases of the same handlers).

const tables = z.array(dataheraldTableOutSchema);

function connectionOps(prefix: string, where: string): [OperationSpec["method"], string, Omit<OperationSpec, "method" | "path" | "tag">][] {
  return [
    ["post", `${prefix}/database-connections`, { summary: `Create a database connection: tested, tables discovered as NOT_SCANNED${where}`, role: "editor", body: dataheraldConnectionSchema, status: 201, response: dataheraldConnectionOutSchema }],
    ["get", `${prefix}/database-connections`, { summary: `List database connections${where}`, role: "viewer", response: z.array(dataheraldConnectionOutSchema) }],
    ["get", `${prefix}/database-connections/{id}`, { summary: `A database connection${where}`, role: "viewer", response: dataheraldConnectionOutSchema }],
    ["put", `${prefix}/database-connections/{id}`, { summary: `Update a database connection (tested again)${where}`, role: "editor", body: dataheraldConnectionSchema, response: dataheraldConnectionOutSchema }],
    ["get", `${prefix}/table-descriptions`, { summary: `Table descriptions of a connection${where}`, role: "viewer", query: tableListQuerySchema, response: tables }],
    ["get", `${prefix}/table-descriptions/{id}`, { summary: `A table description${where}`, role: "viewer", response: dataheraldTableOutSchema }],
    ["put", `${prefix}/table-descriptions/{id}`, { summary: `Describe a table and its columns (a column the scan did not find is 400 invalid_column_name)${where}`, role: "editor", body: dataheraldTableUpdateSchema, response: dataheraldTableOutSchema }],
  ];
}

const HOSTED = " (hosted API path)";

export const dataheraldSurface: SurfaceModule = {
  surface: "dataherald",
  title: "Dataherald",
  blurb: "Database connections and table descriptions, on the engine's /api/v1 paths and the hosted API's /api paths (its Python SDK's). Send the token as X-API-Key.",
  security: [{ apiKey: [] }, { bearerAuth: [] }],
  errorSchema: dataheraldErrorSchema,
  validation: { schema: fastApiValidationSchema, status: 422 },
  operations: surfaceOperations("Dataherald", [
    ...connectionOps("/api/v1", ""),
    ["post", "/api/v1/table-descriptions/sync-schemas", { summary: "Scan tables in the background", role: "editor", body: syncSchemasSchema, status: 201, response: tables }],
    ["post", "/api/v1/table-descriptions/refresh", { summary: "Add new tables, deprecate vanished ones", role: "editor", body: refreshSchema, status: 201, response: tables }],
    ["get", "/api/v1/heartbeat", { summary: "Liveness check", role: "public", response: heartbeatSchema }],
    ...connectionOps("/api", HOSTED),
    ["get", "/api/database-connections/drivers", { summary: `The dialects a connection may name${HOSTED}`, role: "viewer", response: z.array(dataheraldDriverSchema) }],
    ["post", "/api/table-descriptions/sync-schemas", { summary: `Scan the tables of one or more connections in the background; the body is a list${HOSTED}`, role: "editor", body: hostedSyncSchemasSchema, status: 201, response: tables }],
    ["get", "/heartbeat", { summary: `Liveness check${HOSTED}`, role: "public", response: heartbeatSchema }],
  ]),
};
