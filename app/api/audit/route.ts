import { apiRoute } from "@/lib/api/handler";
import { auditPageSchema, auditQuerySchema } from "@/lib/audit/schemas";
import { listAuditEvents } from "@/lib/audit/service";

export const GET = apiRoute({ role: "admin", query: auditQuerySchema, output: auditPageSchema }, ({ query }) =>
  listAuditEvents(query),
);
