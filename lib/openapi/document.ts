import { z } from "zod";
import { COMPAT_SURFACES } from "@/lib/compat/surfaces";
import { ERROR_SCHEMAS, OPERATIONS, type Operation } from "./operations";

// OpenAPI 3.1 (whose schemas are JSON Schema 2020-12, what zod 4 emits) built from the operations
// registry and the same zod schemas the route handlers parse with.

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const out = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string; in?: { _zod: { def: { type: string; innerType?: { _zod: { def: { type: string } } } } } } } } })._zod.def;
      const inner = def.type === "pipe" ? def.in?._zod.def : undefined;
      if (def.type === "date" || inner?.type === "date") Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
      if (inner?.type === "nullable" && inner.innerType?._zod.def.type === "date") Object.assign(ctx.jsonSchema, { type: ["string", "null"], format: "date-time" });
    },
  }) as Json;
  delete out.$schema;
  return out;
}

// Each compat surface module declares its own security and validation envelope (lib/compat/*-surface.ts).
const SURFACES = new Map(COMPAT_SURFACES.map((s) => [s.surface, s]));
const NATIVE_SECURITY: Json[] = [{ bearerAuth: [] }, { apiKey: [] }, { session: [] }];
const securityOf = (surface: string): Json[] => SURFACES.get(surface)?.security ?? NATIVE_SECURITY;

function parameters(o: Operation): Json[] {
  const params: Json[] = [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  if (o.query) {
    const q = jsonSchema(o.query, "input") as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) params.push({ name, in: "query", required: q.required?.includes(name) ?? false, schema });
  }
  return params;
}

function operation(o: Operation): Json {
  const status = String(o.status ?? 200);
  const responses: Json = {
    [status]: o.response
      ? { description: "Success", content: { [o.responseType ?? "application/json"]: { schema: jsonSchema(o.response, "output") } } }
      : o.responseType
        ? { description: "Success", content: { [o.responseType]: { schema: { type: "string" } } } }
        : { description: "Success, no content" },
  };
  const error = { description: "Error", content: { "application/json": { schema: { $ref: `#/components/schemas/${o.surface}Error` } } } };
  if (o.role !== "public") Object.assign(responses, { 401: { ...error, description: "No valid credentials" }, 403: { ...error, description: "The role is too low" } });
  const module = SURFACES.get(o.surface);
  if (o.body || o.query) {
    responses[String(module?.validation?.status ?? (module ? (module.invalidStatus ?? 400) : 422))] = module?.validation
      ? { description: "Invalid request body", content: { "application/json": { schema: { $ref: `#/components/schemas/${o.surface}Validation` } } } }
      : { ...error, description: "Invalid input; fields name what is wrong" };
  }
  responses.default = error;
  return {
    tags: [o.tag],
    summary: o.summary,
    operationId: `${o.method}${o.path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    ...(o.role === "public" ? { security: [] } : { security: securityOf(o.surface), "x-switchyard-role": o.role }),
    parameters: parameters(o),
    ...(o.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(o.body, "input") } } } } : {}),
    responses,
  };
}

export function openApiDocument(serverUrl?: string): Json {
  const paths: Record<string, Json> = {};
  for (const o of OPERATIONS) (paths[o.path] ??= {})[o.method] = operation(o);
  const schemas: Record<string, Json> = {};
  for (const [surface, schema] of Object.entries(ERROR_SCHEMAS)) schemas[`${surface}Error`] = jsonSchema(schema, "output");
  for (const s of COMPAT_SURFACES) if (s.validation) schemas[`${s.surface}Validation`] = jsonSchema(s.validation.schema, "output");
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchyard API",
      version: "0.1.0",
      description:
        "The native API used by the console, and drop-in compatible connection APIs of Imply Pivot (/api/v1/connections), Dataherald (/api/v1/database-connections, /api/v1/table-descriptions, and the hosted API's /api/database-connections, /api/table-descriptions and /heartbeat) Zoomdata (/zoomdata/service/...) and Keboola's Provisioning API (/provisioning/..., jobs at /queue/job/{id}). Send an API token as Authorization: Bearer, x-imply-api-token, X-StorageApi-Token or X-API-Key. Request bodies are limited to 1 MB (413 payload_too_large, refused before they are read) and JSON nested at most 64 levels deep (400). Calls signed in with the session cookie that change something must send Content-Type: application/json (415) and this server's Origin (403).",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: [...new Set(OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API token (Settings -> API tokens, or npx switchyard tokens create)" },
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
        basicAuth: { type: "http", scheme: "basic", description: "An admin's email and password (Zoomdata clients)" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The console's session" },
        ...Object.assign({}, ...COMPAT_SURFACES.map((s) => s.securitySchemes ?? {})),
      },
    },
  };
}
