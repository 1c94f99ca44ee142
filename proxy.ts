import { NextResponse, type NextRequest } from "next/server";
import { surfaceErrorBody, surfaceOf, undecodableSegment, type ApiSurface } from "@/lib/api/surfaces";
import { OPERATIONS } from "@/lib/openapi/operations";

// Console pages opened without a session cookie go to sign-in and come back after it. Every page
// and route still checks the session itself (lib/auth/session.ts). API paths are never redirected:
// here they only get the refusals Next would otherwise answer with a bare 500 or an empty 405.
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

// Methods Next dispatches to route handlers; it answers HEAD from GET and OPTIONS itself.
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

// Every route of every surface and its methods, from the operations registry (a unit test keeps the
// registry equal to the route files).
const ROUTES = (() => {
  const byPath = new Map<string, Set<string>>();
  for (const o of OPERATIONS) {
    const set = byPath.get(o.path) ?? new Set<string>();
    set.add(o.method.toUpperCase());
    byPath.set(o.path, set);
  }
  return [...byPath].map(([path, methods]) => {
    if (methods.has("GET")) methods.add("HEAD");
    methods.add("OPTIONS");
    return { segments: path.split("/").slice(1), methods };
  });
})();

/** The route Next would pick for a path (a static segment beats a dynamic one), or undefined. */
function routeFor(pathname: string) {
  const parts = pathname.replace(/\/+$/, "").split("/").slice(1);
  let best: (typeof ROUTES)[number] | undefined;
  let bestKey = "";
  for (const r of ROUTES) {
    if (r.segments.length !== parts.length) continue;
    if (!r.segments.every((s, i) => s.startsWith("{") || s === parts[i])) continue;
    const key = r.segments.map((s) => (s.startsWith("{") ? "1" : "0")).join("");
    if (!best || key < bestKey) [best, bestKey] = [r, key];
  }
  return best;
}

function refuse(surface: ApiSurface, status: 400 | 405, code: string, message: string, allow?: string) {
  const requestId = crypto.randomUUID();
  return NextResponse.json(surfaceErrorBody(surface, status, code, message, requestId), {
    status,
    headers: { "x-request-id": requestId, ...(allow ? { allow } : {}) },
  });
}

function apiProxy(req: NextRequest, surface: ApiSurface) {
  const pathname = req.nextUrl.pathname;
  const bad = undecodableSegment(pathname);
  if (bad !== null) return refuse(surface, 400, "bad_request", `The path segment ${bad} is not valid percent-encoded UTF-8`);
  const method = req.method.toUpperCase();
  const route = routeFor(pathname);
  // No route: the surface's catch-all route answers 404 for the standard methods.
  const allow = route ? [...route.methods].join(", ") : [...METHODS].join(", ");
  if (!METHODS.has(method) || (route && !route.methods.has(method))) {
    return refuse(surface, 405, "method_not_allowed", `${method} is not allowed on ${pathname}; it answers ${allow}`, allow);
  }
  return NextResponse.next();
}

export function proxy(req: NextRequest) {
  const pathname = req.nextUrl.pathname;
  if (/^\/api\/auth(\/|$)/.test(pathname)) return NextResponse.next();
  const surface = surfaceOf(pathname);
  if (surface) return apiProxy(req, surface);
  // A page path that does not decode: the not-found page, not a 500.
  if (undecodableSegment(pathname) !== null) return NextResponse.rewrite(new URL("/__undecodable-path__", req.url));
  if (SESSION_COOKIES.some((name) => req.cookies.has(name))) return NextResponse.next();
  const url = new URL("/sign-in", req.url);
  const back = `${pathname}${req.nextUrl.search}`;
  if (back !== "/") url.searchParams.set("callbackUrl", back);
  return NextResponse.redirect(url);
}

// Next buffers the whole body of any request its proxy matches before the route runs (up to 10 MB,
// then it truncates), which would defeat lib/api/body.ts's limit. So API requests reach the proxy
// only when they carry no body (for the method check) or when their path has a % escape (to refuse
// undecodable ones; Next answers those with a bare 500 otherwise). Never next-auth's /api/auth.
// (Next reads the matcher statically: literals only.)

export const config = {
  matcher: [
    { source: "/((?:api(?!/auth(?:/|$))|zoomdata|provisioning|queue)(?:/.*)?)", missing: [{ type: "header", key: "content-length" }, { type: "header", key: "transfer-encoding" }] },
    { source: "/((?:api(?!/auth(?:/|$))|zoomdata|provisioning|queue)(?:/.*)?)", has: [{ type: "header", key: "content-length", value: "0" }], missing: [{ type: "header", key: "transfer-encoding" }] },
    "/((?:api(?!/auth(?:/|$))|zoomdata|provisioning|queue)/.*%.*)",
    // Console pages: not sign-in, not Next's own files.
    "/((?!api|zoomdata|provisioning|queue|sign-in|_next|favicon.ico|.*\\.[a-z0-9]+$).*)",
  ],
};
