import { NextResponse, type NextRequest } from "next/server";

// Only redirects: a console page opened without a session cookie goes to sign-in and comes back
// after it. Every page and route still checks the session itself (lib/auth/session.ts).
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(req: NextRequest) {
  if (SESSION_COOKIES.some((name) => req.cookies.has(name))) return NextResponse.next();
  const url = new URL("/sign-in", req.url);
  const back = `${req.nextUrl.pathname}${req.nextUrl.search}`;
  if (back !== "/") url.searchParams.set("callbackUrl", back);
  return NextResponse.redirect(url);
}

export const config = {
  // Console pages only: not the APIs (they answer 401), not sign-in, not Next's own files.
  matcher: ["/((?!api|zoomdata|sign-in|_next|favicon.ico|.*\\.[a-z0-9]+$).*)"],
};
