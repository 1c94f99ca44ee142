import { engine } from "@/lib/compat/dataherald-routes";

// Dataherald engine: POST creates a database connection (tested first; its tables become
// NOT_SCANNED table descriptions) and answers 201; GET lists them.
export const POST = engine.connections.POST;
export const GET = engine.connections.GET;
