import { apiRoute } from "@/lib/api/handler";
import { openApiDocument } from "@/lib/openapi/document";

// The OpenAPI 3.1 document of every surface, generated from the zod schemas the handlers use.
// Its server is the address the client used (through a proxy: the forwarded host and scheme).
export const GET = apiRoute({ role: "public" }, ({ req }) => {
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0] ?? req.nextUrl.protocol.replace(":", "");
  return openApiDocument(host ? `${proto}://${host}` : req.nextUrl.origin);
});
