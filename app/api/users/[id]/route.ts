import { apiRoute, numericId } from "@/lib/api/handler";
import { updateUserSchema, userSchema } from "@/lib/users/schemas";
import { updateUser } from "@/lib/users/service";

export const PATCH = apiRoute<typeof updateUserSchema, undefined, typeof userSchema, { id: string }>(
  { role: "admin", body: updateUserSchema, output: userSchema },
  ({ actor, body, params }) => updateUser(actor, numericId(params.id, "User"), body),
);
