import { apiRoute, numericId } from "@/lib/api/handler";
import { resetPasswordSchema } from "@/lib/users/schemas";
import { setPassword } from "@/lib/users/service";

export const POST = apiRoute<typeof resetPasswordSchema, undefined, undefined, { id: string }>(
  { role: "admin", body: resetPasswordSchema },
  async ({ actor, body, params }) => {
    // Always a reset here, even of the admin's own account: the dialog promised the tokens go too.
    await setPassword(actor, numericId(params.id, "User"), body.password, { isReset: true });
  },
);
