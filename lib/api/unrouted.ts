import "server-only";
import crypto from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { dataheraldErrors } from "@/lib/compat/dataherald";
import { pivotErrors } from "@/lib/compat/pivot";
import { zoomdataErrors } from "@/lib/compat/zoomdata";
import { ApiError } from "./errors";
import { errorResponse } from "./handler";
import { keboolaErrorBody, surfaceOf, type ApiSurface } from "./surfaces";

/** An ApiError in the envelope of the surface, through that surface's own formatter. */
export function surfaceErrorResponse(surface: ApiSurface, error: ApiError, requestId: string): Response {
  const info = { requestId, body: undefined };
  let res: Response;
  if (surface === "pivot") res = pivotErrors(error, info);
  else if (surface === "dataherald") res = dataheraldErrors(error, info);
  else if (surface === "zoomdata") res = zoomdataErrors(error, info);
  else if (surface === "keboola") res = NextResponse.json(keboolaErrorBody(error.status, error.message, requestId), { status: error.status });
  else return errorResponse(error, requestId);
  res.headers.set("x-request-id", requestId);
  return res;
}

async function handle(req: NextRequest): Promise<Response> {
  const path = req.nextUrl.pathname;
  return surfaceErrorResponse(surfaceOf(path) ?? "native", new ApiError("not_found", `No such API route: ${req.method} ${path}`), crypto.randomUUID());
}

/** Every method of a catch-all route file: a path no route matches answers JSON, not Next's HTML 404. */
export const unroutedRoute = { GET: handle, POST: handle, PUT: handle, PATCH: handle, DELETE: handle, OPTIONS: handle };
