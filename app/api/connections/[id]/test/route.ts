import { apiRoute } from "@/lib/api/handler";
import { connectionTestResultSchema } from "@/lib/connections/rest-schemas";
import { testRestConnection } from "@/lib/connections/rest-service";

export const POST = apiRoute<undefined, undefined, typeof connectionTestResultSchema, { id: string }>(
  { role: "editor", output: connectionTestResultSchema },
  ({ actor, params }) => testRestConnection(actor, params.id),
);
