import { engine } from "@/lib/compat/dataherald-routes";

export const GET = engine.table.GET;
export const PUT = engine.table.PUT;
