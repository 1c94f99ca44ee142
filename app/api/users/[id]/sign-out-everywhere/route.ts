import { apiRoute, numericId } from "@/lib/api/handler";
import { signOutEverywhere } from "@/lib/users/sessions";

// An admin ends every session of a user (their API tokens keep working; revoke those separately).
export const POST = apiRoute<undefined, undefined, undefined, { id: string }>({ role: "admin" }, async ({ actor, params }) => {
  await signOutEverywhere(actor, numericId(params.id, "User"));
});
