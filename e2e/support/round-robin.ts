import http from "node:http";
import net, { type AddressInfo } from "node:net";

// One base URL in front of several console instances, as a load balancer would be: each request
// goes to the next instance in turn (a stream, such as a run's events, stays on the one it opened).
// Headers pass through untouched, X-Forwarded-For included (the suite's servers trust loopback).
export type RoundRobin = { url: string; close: () => Promise<void> };

export async function startRoundRobin(targets: { port: number }[]): Promise<RoundRobin> {
  let next = 0;
  // A new upstream connection per request: an idle kept-alive one could be closed by the instance
  // (its keep-alive is 5 s) just as the proxy reuses it.
  const agent = new http.Agent({ keepAlive: false });
  const server = http.createServer((req, res) => {
    const target = targets[next++ % targets.length];
    const upstream = http.request({ host: "127.0.0.1", port: target.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on("error", (e) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "bad_gateway", message: `console instance on port ${target.port}: ${e.message}` } }));
    });
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  });
  // What Node's HTTP parser refuses (an unknown method such as TRACK, a broken request line) goes
  // to the next instance as the bytes it was, as a load balancer passes it on: the instance answers.
  server.on("clientError", (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: net.Socket) => {
    if (!error.rawPacket || !socket.writable) return socket.destroy();
    const target = targets[next++ % targets.length];
    const upstream = net.connect(target.port, "127.0.0.1", () => {
      upstream.write(error.rawPacket!);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  // Idle sockets stay open longer than the instances' own keep-alive (5 s), so the proxy is never
  // the side that closes a socket a client is about to reuse.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
