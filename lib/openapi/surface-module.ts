import type { z } from "zod";

// What a compat surface declares about itself for the OpenAPI document (lib/openapi/document.ts):
// its operations, how its clients authenticate, and its error envelopes. Each surface has one such
// module beside its adapter (lib/compat/<vendor>-surface.ts), listed in lib/compat/surfaces.ts.

export type OperationSpec = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  tag: string;
  summary: string;
  role: "public" | "viewer" | "editor" | "admin";
  query?: z.ZodType;
  body?: z.ZodType;
  status?: number;
  response?: z.ZodType;
  // Content other than JSON (Server-Sent Events).
  responseType?: string;
};

export type SurfaceModule = {
  surface: string;
  // How the API reference page (/docs/api) introduces it.
  title: string;
  blurb: string;
  operations: OperationSpec[];
  // OpenAPI security requirements, in order of preference, naming schemes of `securitySchemes` or the shared ones.
  security: Record<string, string[]>[];
  securitySchemes?: Record<string, Record<string, unknown>>;
  errorSchema: z.ZodType;
  // The body of a request-validation failure, when it is not `errorSchema` (and its status).
  validation?: { schema: z.ZodType; status: number };
  // The status of a request-validation failure answered in `errorSchema` (400 unless said).
  invalidStatus?: number;
};

/** The operations of one surface: `tag` and `surface` filled in once. */
export function surfaceOperations(tag: string, ops: [OperationSpec["method"], string, Omit<OperationSpec, "method" | "path" | "tag">][]): OperationSpec[] {
  return ops.map(([method, path, o]) => ({ method, path, tag, ...o }));
}
