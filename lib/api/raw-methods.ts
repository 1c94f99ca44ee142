import crypto from "node:crypto";
import http from "node:http";
import type { Duplex } from "node:stream";
import { routeMethods, STANDARD_METHODS } from "./routes";
import { surfaceErrorBody, surfaceOf, undecodableSegment } from "./surfaces";

// Refusals the HTTP server gives before Next sees a request, because Next cannot give them well:
// - TRACE, TRACK, CONNECT: Node's fetch `Request` refuses to be built for them and Next builds one
//   for every route, so they ended as a 500; other unknown methods (PROPFIND) got an empty 400.
// - A standard method a route does not export: Next answers an empty 405, with a body or without.
// - What Node's parser refuses (TRACK, a broken request line): Node answers an empty 400.
// - An API path segment that is not valid percent-encoded UTF-8: Next throws while decoding params.
// Each gets the surface's JSON envelope instead (console pages keep Next's answers).
const INSTALLED = Symbol.for("switchyard.http-guards");

function send(res: http.ServerResponse, req: http.IncomingMessage, status: 400 | 405, message: string, allow?: string) {
  const requestId = crypto.randomUUID();
  const pathname = pathOf(req.url);
  const code = status === 405 ? "method_not_allowed" : "bad_request";
  const body = JSON.stringify(surfaceErrorBody(surfaceOf(pathname) ?? "native", status, code, message, requestId));
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...(allow ? { allow } : {}), "x-request-id": requestId });
  res.end(body);
  // The request body, if any, is not read: drain it rather than keep the socket waiting.
  req.resume();
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://localhost").pathname;
  } catch {
    return "/";
  }
}

/** True when the request was answered here (and must not reach Next). */
export function answerUnsupportedMethod(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const method = (req.method ?? "").toUpperCase();
  const pathname = pathOf(req.url);
  const api = surfaceOf(pathname) !== null || /^\/api\/auth(\/|$)/.test(pathname);
  if (!STANDARD_METHODS.has(method)) {
    send(res, req, 405, `${method} is not supported`, [...STANDARD_METHODS].join(", "));
    return true;
  }
  if (!api) return false;
  const bad = undecodableSegment(pathname);
  if (bad !== null) {
    send(res, req, 400, `The path segment ${bad} is not valid percent-encoded UTF-8`);
    return true;
  }
  const methods = routeMethods(pathname);
  // No route: the surface's catch-all route answers 404 for the standard methods.
  if (!methods || methods.has(method)) return false;
  const allow = [...methods].join(", ");
  send(res, req, 405, `${method} is not allowed on ${pathname}; it answers ${allow}`, allow);
  return true;
}

/** What Node's HTTP parser refused, answered in the native envelope with Node's own statuses. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] = error.code === "HPE_HEADER_OVERFLOW" ? [431, "Request Header Fields Too Large"] : [400, "Bad Request"];
  const text = JSON.stringify({ error: { code: "bad_request", message: "The request is not valid HTTP", requestId: crypto.randomUUID() } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

/** Installed once per process by lib/server-start.ts, before the server answers. */
export function installHttpGuards(): void {
  const proto = http.Server.prototype as unknown as Record<symbol, unknown> & { emit: (event: string, ...args: unknown[]) => boolean };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request" && answerUnsupportedMethod(args[0] as http.IncomingMessage, args[1] as http.ServerResponse)) return true;
    if (event === "clientError") {
      answerClientError(args[0] as NodeJS.ErrnoException, args[1] as Duplex);
      return true;
    }
    return emit.call(this, event, ...args);
  };
}
