import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { connectionTestResultSchema, restConnectionInputSchema } from "@/lib/connections/rest-schemas";
import { testRestConnectionInput } from "@/lib/connections/rest-service";

// Test before save. With ?id=, masked secrets are taken from that saved connection.
export const POST = apiRoute(
  { role: "editor", body: restConnectionInputSchema, query: z.object({ id: z.string().optional() }), output: connectionTestResultSchema },
  ({ body, query, actor }) => testRestConnectionInput(body, query.id, actor.role),
);
