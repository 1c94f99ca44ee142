import { apiRoute } from "@/lib/api/handler";
import { createdTokenSchema, createTokenSchema, tokenListSchema } from "@/lib/tokens/schemas";
import { createToken, listTokens } from "@/lib/tokens/service";

export const GET = apiRoute({ role: "viewer", output: tokenListSchema }, async ({ actor }) => ({ tokens: await listTokens(actor) }));

export const POST = apiRoute(
  { role: "viewer", body: createTokenSchema, output: createdTokenSchema, status: 201 },
  ({ actor, body }) => createToken(actor, body),
);
