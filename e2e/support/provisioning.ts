import http from "node:http";
import mysql from "mysql2/promise";
import pg from "pg";
import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { createToken, createUser, signedIn, unique } from "./api";
import { startServer, type RunningServer } from "./server";

// A server with the provisioning backends on the local MariaDB and PostgreSQL, users with tokens,
// and logins with the credentials it hands out.

export const PROV_ADMIN = { email: "admin@provisioning.test", password: "provisioning-admin-password" };

export function startProvisioningServer(label: string, env: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({
    label,
    env: {
      ADMIN_EMAIL: PROV_ADMIN.email,
      ADMIN_PASSWORD: PROV_ADMIN.password,
      PROVISIONING_MYSQL_URL: "mysql://root@127.0.0.1:3306",
      PROVISIONING_REDSHIFT_URL: "postgresql://postgres@127.0.0.1:5432/test",
      PROVISIONING_SNOWFLAKE_ACCOUNT: "xy12345",
      PROVISIONING_SNOWFLAKE_USER: "switchyard",
      ...env,
    },
  });
}

export type Owner = { email: string; password: string; token: string; kb: APIRequestContext; root: APIRequestContext };

/** A new user with its own token, and request contexts at /provisioning/ and / that send it as X-StorageApi-Token. */
export async function newOwner(server: RunningServer, admin: APIRequestContext, role: "editor" | "admin" | "viewer" = "editor"): Promise<Owner> {
  const u = await createUser(admin, role);
  const ctx = await signedIn(u.email, u.password, server.baseURL);
  const { token } = await createToken(ctx, { name: unique("kb") });
  const headers = { "X-StorageApi-Token": token };
  return {
    email: u.email,
    password: u.password,
    token,
    kb: await playwrightRequest.newContext({ baseURL: `${server.baseURL}/provisioning/`, extraHTTPHeaders: headers }),
    root: await playwrightRequest.newContext({ baseURL: server.baseURL, extraHTTPHeaders: headers }),
  };
}

/** One request exactly as given (no Content-Type unless set), as some of Keboola's clients send it. */
export function raw(baseURL: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; type: string; json: Record<string, any> }> {
  const url = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers: { ...headers, ...(body !== undefined ? { "content-length": Buffer.byteLength(body) } : {}) } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), json: text ? JSON.parse(text) : {} }));
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

type Creds = { hostname: string; port: number; db: string; user: string; password: string; schema: string | null };

export async function mysqlLogin(c: Creds): Promise<mysql.Connection> {
  return mysql.createConnection({ host: c.hostname, port: c.port, user: c.user, password: c.password, database: c.db, connectTimeout: 5000 });
}

export async function pgLogin(c: Creds): Promise<pg.Client> {
  const client = new pg.Client({ host: c.hostname, port: c.port, user: c.user, password: c.password, database: c.db, connectionTimeoutMillis: 5000 });
  client.on("error", () => {});
  await client.connect();
  return client;
}

export async function expectJson(res: { status(): number; headers(): Record<string, string>; json(): Promise<any>; url(): string }, status: number): Promise<Record<string, any>> {
  expect(res.status(), res.url()).toBe(status);
  expect(res.headers()["content-type"], res.url()).toContain("application/json");
  return res.json();
}

/** Polls until `check` returns a value (not undefined), or fails after `ms`. */
export async function until<T>(check: () => Promise<T | undefined>, ms = 30_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
