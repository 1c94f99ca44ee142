import { engine } from "@/lib/compat/dataherald-routes";

// The engine's liveness check (the TypeScript SDK README's first call); no credentials needed.
export const GET = engine.heartbeat.GET;
