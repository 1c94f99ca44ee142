import { hosted } from "@/lib/compat/dataherald-routes";

// The hosted Dataherald API's liveness check (the Python SDK's client.heartbeat.retrieve()).
export const GET = hosted.heartbeat.GET;
