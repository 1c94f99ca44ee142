import { engine } from "@/lib/compat/dataherald-routes";

export const POST = engine.refresh.POST;
