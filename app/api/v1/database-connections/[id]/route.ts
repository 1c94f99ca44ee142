import { engine } from "@/lib/compat/dataherald-routes";

export const GET = engine.connection.GET;
export const PUT = engine.connection.PUT;
