import { NextResponse, type NextRequest } from "next/server";
import { surfaceOf, undecodableSegment } from "@/lib/api/surfaces";

// Console pages opened without a session cookie go to sign-in and come back after it. Every page
// and route still checks the session itself (lib/auth/session.ts).
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(req: NextRequest) {
  const pathname = req.nextUrl.pathname;
  // API paths: never redirected; undecodable paths and unanswered methods are refused before Next
  // by the HTTP server (lib/api/raw-methods.ts).
  if (surfaceOf(pathname)) return NextResponse.next();
  // A page path that does not decode: the not-found page, not a 500.
  if (undecodableSegment(pathname) !== null) return NextResponse.rewrite(new URL("/__undecodable-path__", req.url));
  if (SESSION_COOKIES.some((name) => req.cookies.has(name))) return NextResponse.next();
  const url = new URL("/sign-in", req.url);
  const back = `${pathname}${req.nextUrl.search}`;
  if (back !== "/") url.searchParams.set("callbackUrl", back);
  return NextResponse.redirect(url);
}

// Console pages only. API requests never pass through here: Next would buffer their whole body
// before the route runs (up to 10 MB), which would defeat lib/api/body.ts's limit.
export const config = {
  matcher: [
    // Not sign-in, not Next's own files.
    "/((?!api|zoomdata|provisioning|queue|sign-in|_next|favicon.ico|.*\\.[a-z0-9]+$).*)",
  ],
};
