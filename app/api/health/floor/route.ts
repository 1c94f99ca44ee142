// The floor `npm run bench:api` measures every other endpoint against: a bare route handler with a
// constant answer, no credentials, no database, nothing about this installation in it. Dynamic, so
// each request runs the handler as a real endpoint does rather than being served from a cache.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
