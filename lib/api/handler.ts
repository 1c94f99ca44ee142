import "server-only";
import crypto from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { clientIp } from "@/lib/auth/actor";
import { authenticateBasic, authenticateRequest } from "@/lib/auth/request-auth";
import { hasRole, type Role } from "@/lib/auth/roles";
import { log } from "@/lib/log";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, jsonDepthExceeds, readLimitedText } from "./body";
import { ApiError, toApiError, validationError } from "./errors";
import { cachedJson } from "./response-cache";

type Schema = z.ZodType | undefined;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : unknown;

export type RouteSpec<B extends Schema, Q extends Schema, O extends Schema> = {
  // "public" routes run without credentials; every other route needs at least this role.
  role: Role | "public";
  body?: B;
  query?: Q;
  // Responses go through this schema, so a handler cannot leak a column it did not mean to.
  output?: O;
  status?: number;
  // A compat surface's own error envelope (Dataherald, Pivot, Zoomdata); the native one otherwise.
  errors?: ErrorFormatter;
  // Also accept HTTP Basic with an admin's email and password (Zoomdata's clients send it).
  basicAuth?: boolean;
  // The answer depends on nothing but the store, the path and the query (not on who asks, once
  // their role passes, nor on the time): it is kept serialized until the store changes
  // (lib/api/response-cache). The handler must answer synchronously, with data, not a Response.
  cached?: boolean;
};

export type ErrorFormatter = (error: unknown, info: { requestId: string; body: unknown }) => Response;

export type RouteContext<B extends Schema, Q extends Schema, P> = {
  req: NextRequest;
  actor: Actor;
  body: Out<B>;
  query: Out<Q>;
  params: P;
  requestId: string;
};

// Deeper JSON is refused before parsing: zod, JSON.stringify and the UI all recurse over values.

async function readJson(req: NextRequest): Promise<unknown> {
  const text = await readLimitedText(req, MAX_BODY_BYTES);
  if (!text.trim()) return {};
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) throw new ApiError("bad_request", `Request body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "Request body is not valid JSON");
  }
}

let routeCount = 0;

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The origin this request was sent to, as the server received it: its scheme and its Host header. */
function requestOrigin(req: NextRequest): string | null {
  const host = req.headers.get("host");
  if (!host) return null;
  try {
    return new URL(`${req.nextUrl.protocol}//${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * CSRF: a browser sends the session cookie with any form another page submits (another port of the
 * same host is the same site). A cookie-authenticated unsafe request must be JSON, which a form
 * cannot send without a CORS preflight, and come from our own origin. Tokens and Basic are not
 * sent by browsers on their own, so those calls are not checked.
 */
function checkCookieRequest(req: NextRequest) {
  if (!UNSAFE_METHODS.has(req.method.toUpperCase())) return;
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(
      "unsupported_media_type",
      `Requests signed in with the session cookie must send Content-Type: application/json (got ${type || "none"}); send {} when there is no body`,
    );
  }
  const origin = req.headers.get("origin");
  if (origin !== null) {
    const own = requestOrigin(req);
    if (!own || origin.toLowerCase() !== own.toLowerCase()) {
      throw new ApiError("forbidden", `Cross-origin request refused: Origin ${origin} is not this server's origin${own ? ` (${own})` : ""}`);
    }
  } else if (req.headers.get("sec-fetch-site") !== "same-origin") {
    throw new ApiError("forbidden", "Cross-origin request refused: send an Origin header of this server (or Sec-Fetch-Site: same-origin) with the session cookie, or use an API token");
  }
}

function queryObject(req: NextRequest): Record<string, string> {
  return Object.fromEntries(req.nextUrl.searchParams.entries());
}

export function logUnhandled(error: unknown, requestId: string) {
  log.error("Unhandled error in API route", {
    requestId,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    stack: error instanceof Error ? error.stack?.split("\n").slice(1, 6).join(" | ") : undefined,
  });
}

export function errorResponse(caught: unknown, requestId: string): NextResponse {
  const error = toApiError(caught) ?? caught;
  if (error instanceof ApiError) {
    return NextResponse.json(error.toBody(requestId), { status: error.status, headers: { "x-request-id": requestId, ...error.headers } });
  }
  logUnhandled(error, requestId);
  return NextResponse.json(
    {
      error: {
        code: "internal_server_error",
        message: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`,
        requestId,
      },
    },
    { status: 500, headers: { "x-request-id": requestId } },
  );
}

/** The one wrapper for native route handlers: authenticate -> role -> parse -> service -> serialize. */
export function apiRoute<B extends Schema = undefined, Q extends Schema = undefined, O extends Schema = undefined, P = Record<string, string>>(
  spec: RouteSpec<B, Q, O>,
  handler: (ctx: RouteContext<B, Q, P>) => Promise<In<O> | Response> | In<O> | Response,
) {
  const routeId = ++routeCount;
  return async (req: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    const requestId = crypto.randomUUID();
    let rawBody: unknown;
    try {
      const basic = spec.basicAuth ? await authenticateBasic(req.headers, requestId) : null;
      const authenticated = basic ?? (await authenticateRequest(req.headers, requestId));
      let actor: Actor;
      if (spec.role === "public") {
        actor = authenticated ?? { type: "anonymous", userId: null, label: "anonymous", role: "viewer", ip: clientIp(req.headers), requestId };
      } else {
        if (!authenticated) throw new ApiError("unauthorized", "Sign in or send an API token");
        if (!hasRole(authenticated.role, spec.role)) {
          throw new ApiError("forbidden", `This needs the ${spec.role} role; you have ${authenticated.role}`);
        }
        actor = authenticated;
        // authenticateRequest gives a "user" actor only for the session cookie (tokens are "token").
        if (!basic && actor.type === "user") checkCookieRequest(req);
      }
      const params = (await context.params) ?? ({} as P);
      let body = undefined as Out<B>;
      if (spec.body) {
        rawBody = await readJson(req);
        const parsed = spec.body.safeParse(rawBody);
        if (!parsed.success) throw validationError(parsed.error, "request body");
        body = parsed.data as Out<B>;
      }
      let query = undefined as Out<Q>;
      if (spec.query) {
        const parsed = spec.query.safeParse(queryObject(req));
        if (!parsed.success) throw validationError(parsed.error, "query parameters");
        query = parsed.data as Out<Q>;
      }
      if (spec.cached) {
        const key = `${routeId} ${req.method} ${req.nextUrl.pathname}${spec.query ? ` ${JSON.stringify(query)}` : ""}`;
        const json = await cachedJson(key, async () => {
          const result = await handler({ req, actor, body, query, params, requestId });
          if (result instanceof Response) throw new Error("A cached route's handler must return its answer, not a Response");
          return spec.output ? spec.output.parse(result) : result;
        });
        // The kept bytes go out as the one chunk of a stream: a Uint8Array body would be copied into
        // a new buffer for every request (~0.3 ms for a list of 400 kB). Nothing writes to the chunk.
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(json);
            controller.close();
          },
        });
        return new Response(stream, { status: spec.status ?? 200, headers: { "content-type": "application/json", "content-length": String(json.byteLength), "x-request-id": requestId } });
      }
      const result = await handler({ req, actor, body, query, params, requestId });
      if (result instanceof Response) {
        result.headers.set("x-request-id", requestId);
        return result;
      }
      const payload = spec.output ? spec.output.parse(result) : result;
      if (payload === undefined) return new NextResponse(null, { status: 204, headers: { "x-request-id": requestId } });
      // A plain Response: NextResponse's cookie and URL helpers cost ~10 µs a request nobody uses here.
      return Response.json(payload, { status: spec.status ?? 200, headers: { "x-request-id": requestId } });
    } catch (error) {
      if (spec.errors) {
        const mapped = toApiError(error);
        if (!mapped) logUnhandled(error, requestId);
        try {
          const res = spec.errors(mapped ?? error, { requestId, body: rawBody });
          res.headers.set("x-request-id", requestId);
          return res;
        } catch (formatterError) {
          // A surface's formatter that fails must not leave Next's empty 500: the native envelope.
          logUnhandled(formatterError, requestId);
          return errorResponse(formatterError, requestId);
        }
      }
      return errorResponse(error, requestId);
    }
  };
}

/** Path ids are numbers in the native API; anything else is a 404, not a 500. */
export function numericId(value: string | undefined, what: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new ApiError("not_found", `${what} not found`);
  return n;
}
