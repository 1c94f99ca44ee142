import { engine } from "@/lib/compat/dataherald-routes";

export const GET = engine.tables.GET;
