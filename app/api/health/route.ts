import { apiRoute } from "@/lib/api/handler";
import { ping } from "@/lib/db/tx";

export const GET = apiRoute({ role: "public" }, async () => {
  await ping();
  return { status: "ok" };
});
