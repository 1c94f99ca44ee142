import { apiRoute, numericId } from "@/lib/api/handler";
import { tokenSchema } from "@/lib/tokens/schemas";
import { revokeToken } from "@/lib/tokens/service";

export const DELETE = apiRoute<undefined, undefined, typeof tokenSchema, { id: string }>(
  { role: "viewer", output: tokenSchema },
  ({ actor, params }) => revokeToken(actor, numericId(params.id, "Token")),
);
