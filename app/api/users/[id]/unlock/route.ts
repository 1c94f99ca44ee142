import { apiRoute, numericId } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { unlockSignIn } from "@/lib/auth/sign-in-limit";
import { getUserById } from "@/lib/users/service";

// An admin lifts the lock that failed sign-ins put on an account (audited as user.sign_in_unlocked).
export const POST = apiRoute<undefined, undefined, undefined, { id: string }>({ role: "admin" }, async ({ actor, params }) => {
  const user = await getUserById(numericId(params.id, "User"));
  if (!user) throw notFound("User");
  await unlockSignIn(actor, user);
});
