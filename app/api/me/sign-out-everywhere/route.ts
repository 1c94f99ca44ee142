import { NextResponse } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { signOutEverywhere } from "@/lib/users/sessions";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

// Signs out every session of the signed-in user, this browser's included. Tokens are not touched:
// revoke those on Settings -> API tokens. A token cannot call this (it would let a leaked token
// sign its owner out over and over).
export const POST = apiRoute({ role: "viewer" }, async ({ actor, req }) => {
  if (actor.type !== "user" || actor.userId === null) {
    throw new ApiError("forbidden", "Only a signed-in user can sign out everywhere; API tokens cannot");
  }
  await signOutEverywhere(actor, actor.userId);
  const res = new NextResponse(null, { status: 204 });
  // The cookie is already dead; clearing it spares the browser a useless round trip.
  for (const name of SESSION_COOKIES) {
    if (req.cookies.has(name)) res.cookies.set(name, "", { maxAge: 0, path: "/", httpOnly: true, sameSite: "lax", secure: name.startsWith("__Secure-") });
  }
  return res;
});
