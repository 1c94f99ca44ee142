import { hosted } from "@/lib/compat/dataherald-routes";

// The hosted Dataherald API's paths, which the official Python SDK calls: aliases of the engine's
// handlers (app/api/v1/…), with the hosted API's error codes.
export const POST = hosted.connections.POST;
export const GET = hosted.connections.GET;
