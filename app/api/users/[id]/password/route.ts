import { apiRoute, numericId } from "@/lib/api/handler";
import { resetPasswordSchema } from "@/lib/users/schemas";
import { setPassword } from "@/lib/users/service";

export const POST = apiRoute<typeof resetPasswordSchema, undefined, undefined, { id: string }>(
  { role: "admin", body: resetPasswordSchema },
  async ({ actor, body, params }) => {
    await setPassword(actor, numericId(params.id, "User"), body.password);
  },
);
