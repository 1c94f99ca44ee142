import crypto from "node:crypto";
import type http from "node:http";
import { surfaceErrorBody, surfaceOf } from "./surfaces";

// Methods Node's fetch `Request` refuses to build (TRACE, TRACK, CONNECT): Next creates one for the
// proxy and for every route before any of our code runs, so they ended as a 500. They are answered
// here, on the HTTP server's "request" event, before Next sees them: 405 in the surface's envelope.
const REFUSED = new Set(["TRACE", "TRACK", "CONNECT"]);

/** True when the request was answered (and must not reach Next). */
export function answerUnsupportedMethod(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const method = (req.method ?? "").toUpperCase();
  if (!REFUSED.has(method)) return false;
  const requestId = crypto.randomUUID();
  let pathname = "/";
  try {
    pathname = new URL(req.url ?? "/", "http://localhost").pathname;
  } catch {
    // An unparsable target still gets the native envelope.
  }
  const message = `${method} is not supported`;
  const body = surfaceErrorBody(surfaceOf(pathname) ?? "native", 405, "method_not_allowed", message, requestId);
  const text = JSON.stringify(body);
  res.writeHead(405, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
    "x-request-id": requestId,
  });
  res.end(text);
  // The request body, if any, is not read: drop it rather than keep the socket waiting.
  req.resume();
  return true;
}
