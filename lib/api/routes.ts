import { OPERATIONS } from "@/lib/openapi/operations";

// Methods Next dispatches to route handlers; it answers HEAD from GET and OPTIONS itself.
export const STANDARD_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

// next-auth's catch-all route exports GET and POST.
const AUTH_METHODS = new Set(["GET", "HEAD", "POST", "OPTIONS"]);

type Route = { segments: string[]; methods: Set<string> };

let routes: Route[] | undefined;

// Every route of every surface and its methods, from the operations registry (a unit test keeps the
// registry equal to the route files). Built on first use.
function allRoutes(): Route[] {
  if (routes) return routes;
  const byPath = new Map<string, Set<string>>();
  for (const o of OPERATIONS) {
    const set = byPath.get(o.path) ?? new Set<string>();
    set.add(o.method.toUpperCase());
    byPath.set(o.path, set);
  }
  routes = [...byPath].map(([path, methods]) => {
    if (methods.has("GET")) methods.add("HEAD");
    methods.add("OPTIONS");
    return { segments: path.split("/").slice(1), methods };
  });
  return routes;
}

/** The methods the route Next would pick for a path answers (a static segment beats a dynamic one), or undefined when no route matches. */
export function routeMethods(pathname: string): Set<string> | undefined {
  if (/^\/api\/auth(\/|$)/.test(pathname)) return AUTH_METHODS;
  const parts = pathname.replace(/\/+$/, "").split("/").slice(1);
  let best: Route | undefined;
  let bestKey = "";
  for (const r of allRoutes()) {
    if (r.segments.length !== parts.length) continue;
    if (!r.segments.every((s, i) => s.startsWith("{") || s === parts[i])) continue;
    const key = r.segments.map((s) => (s.startsWith("{") ? "1" : "0")).join("");
    if (!best || key < bestKey) [best, bestKey] = [r, key];
  }
  return best?.methods;
}
