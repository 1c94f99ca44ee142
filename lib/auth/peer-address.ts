import http from "node:http";
import { PEER_HEADER } from "./forwarded";

// Next's route handlers cannot see the socket, and `next start` copies its address into
// x-forwarded-for only when the client sent none. So every request the process's HTTP servers
// receive gets the socket's address in PEER_HEADER before Next reads the headers; a client's own
// PEER_HEADER is overwritten. Installed once per process, when the server's first modules load
// (instrumentation imports lib/bootstrap -> lib/auth/actor), before requests are served.
const INSTALLED = Symbol.for("switchyard.peer-address");

export function installPeerAddressHeader(): void {
  const proto = http.Server.prototype as unknown as Record<symbol, unknown> & { emit: (event: string, ...args: unknown[]) => boolean };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return emit.call(this, event, ...args);
  };
}
