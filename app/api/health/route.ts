import { sql } from "drizzle-orm";
import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";

export const GET = apiRoute({ role: "public" }, () => {
  getDb().get(sql`select 1`);
  return { status: "ok" };
});
