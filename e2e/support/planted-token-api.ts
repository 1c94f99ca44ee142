import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

// A server for the REST auth types beyond Custom Auth, checking each secret the test planted: a
// bearer token, API keys in a header and a query parameter, an OAuth 2.0 token endpoint (client
// secret in the body or as HTTP Basic, a secret extra body field, refresh tokens it rotates) and a
// session login (a secret header and a secret body value). Every token it hands out is new and
// recorded in `issued`, so a leak scan can look for those too.

export type PlantedTokenValues = {
  bearer: string;
  apiKeyHeader: string;
  apiKeyQuery: string;
  clientSecretBasic: string;
  extraBodySecret: string;
  clientSecretBody: string;
  refreshToken: string;
  sessionHeader: string;
  sessionPassword: string;
};

export type PlantedTokenApi = {
  url: string;
  /** Every token handed out (access tokens, rotated refresh tokens, session tokens), by kind. */
  issued: { label: string; value: string }[];
  /** Requests it refused, with why (a test that expects them all to pass prints these). */
  refused: string[];
  close: () => Promise<void>;
};

export const PLANTED_CLIENTS = { basic: "leak-basic-client", body: "leak-body-client" } as const;

export async function startPlantedTokenApi(host: string, planted: PlantedTokenValues): Promise<PlantedTokenApi> {
  const hex = () => crypto.randomBytes(9).toString("hex");
  const issued: PlantedTokenApi["issued"] = [];
  const refused: string[] = [];
  const access = new Set<string>();
  const refresh = new Set([planted.refreshToken]);
  const sessions = new Set<string>();
  const issue = (label: string, set: Set<string>) => {
    const value = `${label.replace(/[^a-z]/g, "").slice(0, 4)}${hex()}`;
    set.add(value);
    issued.push({ label: `token server's issued ${label}`, value });
    return value;
  };
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const send = (status: number, value: unknown, why?: string) => {
        if (why) refused.push(`${req.method} ${url.pathname}: ${why}`);
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      const ok = () => send(200, { records: [{ id: 1 }] });
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
      switch (url.pathname) {
        case "/check/bearer":
          return bearer === planted.bearer ? ok() : send(401, { error: "bad bearer" }, "bearer");
        case "/check/key-header":
          return req.headers["x-leak-key"] === planted.apiKeyHeader ? ok() : send(401, { error: "bad key" }, "key header");
        case "/check/key-query":
          return url.searchParams.get("leak_key") === planted.apiKeyQuery ? ok() : send(401, { error: "bad key" }, "key query");
        case "/check/oauth":
          return access.has(bearer) ? ok() : send(401, { error: "unknown token" }, "access token");
        case "/check/session":
          return sessions.has(String(req.headers["x-session"] ?? "").replace(/^Sess /, "")) ? ok() : send(401, { error: "no session" }, "session");
        case "/oauth/token": {
          const form = new URLSearchParams(text);
          const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
          if (form.get("grant_type") === "client_credentials") {
            const expected = Buffer.from(`${PLANTED_CLIENTS.basic}:${planted.clientSecretBasic}`).toString("base64");
            if (basic !== expected || form.get("audience_secret") !== planted.extraBodySecret) return send(401, { error: "invalid_client" }, "client credentials");
            return send(200, { access_token: issue("access token", access), token_type: "Bearer", expires_in: 3600 });
          }
          if (form.get("grant_type") === "refresh_token") {
            if (form.get("client_id") !== PLANTED_CLIENTS.body || form.get("client_secret") !== planted.clientSecretBody) return send(401, { error: "invalid_client" }, "refresh client");
            if (!refresh.has(form.get("refresh_token") ?? "")) return send(400, { error: "invalid_grant" }, "refresh token");
            // Rotates: a new refresh token with each access token (older ones stay valid here).
            return send(200, { access_token: issue("access token", access), token_type: "Bearer", expires_in: 3600, refresh_token: issue("refresh token", refresh) });
          }
          return send(400, { error: "unsupported_grant_type" }, "grant type");
        }
        case "/session/login": {
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(text || "{}");
          } catch {
            // refused below
          }
          if (req.headers["x-login-secret"] !== planted.sessionHeader || body.password !== planted.sessionPassword) return send(401, { error: "bad login" }, "session login");
          return send(200, { data: { token: issue("session token", sessions) } });
        }
        default:
          return send(404, { error: "not found" });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://${host}:${port}`, issued, refused, close: () => new Promise((r) => server.close(() => r())) };
}
