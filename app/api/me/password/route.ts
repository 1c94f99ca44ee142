import { apiRoute } from "@/lib/api/handler";
import { changeOwnPasswordSchema } from "@/lib/users/schemas";
import { changeOwnPassword } from "@/lib/users/service";

export const POST = apiRoute({ role: "viewer", body: changeOwnPasswordSchema }, async ({ actor, body }) => {
  await changeOwnPassword(actor, body);
});
