import { apiRoute } from "@/lib/api/handler";
import { requestOrigin } from "@/lib/auth/forwarded";
import { openApiDocument } from "@/lib/openapi/document";

// The OpenAPI 3.1 document of every surface, generated from the zod schemas the handlers use.
// Its server is the address the client used; the forwarded host and scheme count only when the
// request came through a proxy listed in TRUSTED_PROXIES.
export const GET = apiRoute({ role: "public" }, ({ req }) => openApiDocument(requestOrigin(req.headers, req.nextUrl.origin)));
