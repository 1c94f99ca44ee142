import http from "node:http";
import type { AddressInfo } from "node:net";

// A small REST API the fetch scripts under test call. It checks the credentials each auth type must
// send, serves paged data for incremental loads, and records what watchers receive.

export const TEST_API_HOST = "127.0.0.2";
export const BASIC_USER = "feed_reader";
export const BASIC_PASSWORD = "basic-pw-Planted-71";
export const CUSTOM_API_KEY = "custom-key-Planted-42";
export const ISSUED_TOKEN = "issued-token-Planted-93";

export type TestApi = {
  url: string;
  port: number;
  total: number;
  setTotal: (n: number) => void;
  hits: { path: string; query: Record<string, string> }[];
  notifications: { body: Record<string, unknown>; headers: http.IncomingHttpHeaders }[];
  failWatcherTimes: (n: number) => void;
  /** Raises a flag a script polls at /flags/<name> (scripts cannot see the test's files). */
  setFlag: (name: string) => void;
  close: () => Promise<void>;
};

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export async function startTestApi(): Promise<TestApi> {
  let total = 25;
  let watcherFailures = 0;
  const hits: TestApi["hits"] = [];
  const notifications: TestApi["notifications"] = [];
  const flags = new Set<string>();

  const records = (from: number, limit: number) => {
    const out = [];
    for (let id = from; id < Math.min(from + limit, total + 1); id++) out.push({ id, name: `item ${id}`, price: id * 1.5, tags: ["a", `t${id % 3}`], meta: { even: id % 2 === 0 } });
    return out;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const query = Object.fromEntries(url.searchParams);
    hits.push({ path: url.pathname, query });
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const from = Number(query.from ?? 1);
      const limit = Number(query.limit ?? 1000);
      switch (url.pathname) {
        case "/get-data":
          return json(res, 200, { data: records(from, limit) });
        case "/entries":
          return json(res, 200, { count: 3, entries: [1, 2, 3].map((i) => ({ API: `api${i}`, Description: `entry ${i}`, Auth: i === 2 ? "apiKey" : "", HTTPS: true, Category: "Test" })) });
        case "/basic/get-data": {
          const expected = "Basic " + Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString("base64");
          if (req.headers.authorization !== expected) return json(res, 401, { error: "bad basic credentials" });
          return json(res, 200, { data: records(from, limit) });
        }
        case "/auth": {
          let parsed: Record<string, unknown> = {};
          try {
            parsed = JSON.parse(body || "{}");
          } catch {
            return json(res, 400, { error: "body is not JSON" });
          }
          if (req.method !== "POST" || req.headers["x-api-key"] !== CUSTOM_API_KEY || parsed.client_id !== "switchyard" || parsed.client_secret !== "client-secret-Planted-55") {
            return json(res, 403, { error: "bad custom credentials", got: { method: req.method, client_id: parsed.client_id ?? null } });
          }
          return json(res, 200, { access_token: ISSUED_TOKEN, token_type: "bearer", expires_in: 3600 });
        }
        case "/bearer/get-data":
          if (req.headers.authorization !== `Bearer ${ISSUED_TOKEN}`) return json(res, 401, { error: "bad bearer token" });
          return json(res, 200, { data: records(from, limit) });
        case "/flags":
          return json(res, 200, { set: flags.has(query.name ?? "") });
        case "/broken":
          return json(res, 500, { error: "kaput" });
        case "/not-json":
          res.writeHead(200, { "content-type": "text/html" });
          return res.end("<html>login page</html>");
        case "/sleep":
          // A slow upstream: answers after ?ms= (at most 30 s), costing the script I/O wait, not CPU.
          return void setTimeout(() => json(res, 200, { slept: Number(query.ms) || 0 }), Math.min(Number(query.ms) || 0, 30_000));
        case "/slow":
          return void setTimeout(() => json(res, 200, { late: true }), 12_000);
        case "/watcher":
          if (watcherFailures > 0) {
            watcherFailures--;
            return json(res, 503, { error: "try again" });
          }
          notifications.push({ body: JSON.parse(body || "{}"), headers: req.headers });
          return json(res, 200, { ok: true });
        default:
          return json(res, 404, { error: "no such path" });
      }
    });
  });
  // 127.0.0.2: a loopback address the suite's servers allow scripts to reach (SWITCHYARD_NET_ALLOW),
  // while 127.0.0.1 (PostgreSQL, MariaDB, the console itself) stays refused to them.
  await new Promise<void>((r) => server.listen(0, TEST_API_HOST, r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${TEST_API_HOST}:${port}`,
    port,
    get total() {
      return total;
    },
    setTotal: (n) => (total = n),
    hits,
    notifications,
    failWatcherTimes: (n) => (watcherFailures = n),
    setFlag: (name) => void flags.add(name),
    close: () => new Promise((r) => server.close(() => r())),
  };
}
