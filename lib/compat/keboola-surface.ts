import { surfaceOperations, type SurfaceModule } from "@/lib/openapi/surface-module";
import { keboolaAcceptedSchema, keboolaAsyncCreateSchema, keboolaCreateSchema, keboolaCredentialsSchema, keboolaErrorSchema, keboolaExtendedSchema, keboolaJobSchema, keboolaListQuerySchema, keboolaOkSchema, keboolaTransformationSchema } from "./keboola-schemas";

// Keboola's Provisioning API (seed 004): sandbox credentials under /provisioning/{backend}, async
// Docker jobs polled at /queue/job/{id}. Every operation needs an editor's token.

export const keboolaSurface: SurfaceModule = {
  surface: "keboola",
  title: "Keboola Provisioning",
  blurb: "Sandbox credentials on MariaDB and PostgreSQL, and Docker sandboxes in jobs. Send the token as X-StorageApi-Token.",
  security: [{ storageApiToken: [] }, { bearerAuth: [] }],
  securitySchemes: { storageApiToken: { type: "apiKey", in: "header", name: "X-StorageApi-Token" } },
  errorSchema: keboolaErrorSchema,
  operations: surfaceOperations("Keboola Provisioning", [
    ["post", "/provisioning/{backend}", { role: "editor", summary: "Get or create credentials of a type (default transformations): 201 created, 200 existing. Backends mysql, redshift-workspace, snowflake; 400 \"'<backend>' not found.\" when not configured", body: keboolaCreateSchema, status: 201, response: keboolaCredentialsSchema }],
    ["get", "/provisioning/{backend}", { role: "editor", summary: "The caller's credentials of a type; 404 {\"message\": \"Credentials not found.\"} when there are none", query: keboolaListQuerySchema, response: keboolaCredentialsSchema }],
    ["get", "/provisioning/{backend}/{id}", { role: "editor", summary: "Credentials by id, with inUse and canExtend", response: keboolaCredentialsSchema }],
    ["delete", "/provisioning/{backend}/{id}", { role: "editor", summary: "Drop the login, its sessions and its database or schema: 200 {\"status\": \"ok\"}", response: keboolaOkSchema }],
    ["post", "/provisioning/{backend}/{id}/kill", { role: "editor", summary: "End every session of the login on the server (no body; X-KBC-RunId is recorded)", response: keboolaOkSchema }],
    ["post", "/provisioning/{backend}/{id}/extend", { role: "editor", summary: "Reset the validity period (no body); 400 {\"status\": \"warning\"} when the backend cannot extend", response: keboolaExtendedSchema }],
    ["post", "/provisioning/async/{backend}", { role: "editor", summary: "Create a Docker sandbox (rstudio, jupyter) in a job; poll /queue/job/{id}", body: keboolaAsyncCreateSchema, status: 202, response: keboolaAcceptedSchema }],
    ["post", "/provisioning/async/{backend}/transformation", { role: "editor", summary: "Create a Docker transformation sandbox in a job", body: keboolaTransformationSchema, status: 202, response: keboolaAcceptedSchema }],
    ["delete", "/provisioning/async/{backend}/{id}", { role: "editor", summary: "Drop a Docker sandbox in a job", status: 202, response: keboolaAcceptedSchema }],
    ["get", "/queue/job/{id}", { role: "editor", summary: "A provisioning job: waiting, processing, success or error, with its result", response: keboolaJobSchema }],
  ]),
};
