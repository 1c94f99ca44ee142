import { unroutedRoute } from "@/lib/api/unrouted";

// Any path under this surface that no route file matches answers JSON in the surface's envelope
// (never Next's HTML 404); proxy.ts also sends here what it refuses. A specific route always wins.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = unroutedRoute;
