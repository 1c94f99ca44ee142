import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

// A Custom Auth server whose answer carries credentials in every place one can: JSON fields (nested,
// numeric), Set-Cookie and a token header. It also records the watcher deliveries it receives.
// Every value is new per start, so a test can grep for them.

export type PlantedAuthApi = {
  url: string;
  planted: {
    apiKey: string;
    clientSecret: string;
    accessToken: string;
    refreshToken: string;
    sessionId: string;
    cookie: string;
    headerToken: string;
  };
  notifications: string[];
  close: () => Promise<void>;
};

export async function startPlantedAuthApi(host = "127.0.0.1"): Promise<PlantedAuthApi> {
  const hex = () => crypto.randomBytes(6).toString("hex");
  const planted = {
    apiKey: `api-key-${hex()}`,
    clientSecret: `client secret/${hex()}+&=`,
    accessToken: `access.${hex()}.${hex()}`,
    refreshToken: `refresh-${hex()}`,
    sessionId: `${100_000_000 + crypto.randomInt(800_000_000)}`,
    cookie: `cookie-${hex()}`,
    headerToken: `header-token-${hex()}`,
  };
  const notifications: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.url === "/watcher") {
        notifications.push(body);
        res.writeHead(200, { "content-type": "application/json" });
        return res.end("{}");
      }
      if (req.url !== "/auth") {
        res.writeHead(404);
        return res.end();
      }
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(body || "{}");
      } catch {
        // answered below
      }
      if (req.headers["x-api-key"] !== planted.apiKey || parsed.client_secret !== planted.clientSecret) {
        res.writeHead(403, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: "bad credentials" }));
      }
      res.writeHead(200, {
        "content-type": "application/json",
        // One cookie: the runner keeps a single value per header name, so a second would hide the first.
        "set-cookie": `sid=${planted.cookie}; Path=/; HttpOnly; Expires=Wed, 21 Oct 2037 07:28:00 GMT`,
        "x-auth-token": planted.headerToken,
      });
      res.end(
        JSON.stringify({
          access_token: planted.accessToken,
          token_type: "bearer",
          expires_in: 3600,
          refresh: { refresh_token: planted.refreshToken },
          session_id: Number(planted.sessionId),
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    planted,
    notifications,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
