import crypto from "node:crypto";
import fs from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { bare, signedIn } from "../support/api";
import { createConnection, createFeed, feedName, waitForRun, type Run } from "../support/feeds";
import {
  bannerServer,
  countingListener,
  interfaceAddress,
  METADATA_BARE_HOSTS,
  METADATA_HOSTS,
  metadataName,
  startRedirector,
  type CountingListener,
  type Redirector,
} from "../support/outbound";
import { startServer, type RunningServer } from "../support/server";

// Every connection the server makes goes through the outbound policy (DESIGN §5, issue 10). For
// each feature: the metadata address in every notation, a redirect to it from an allowed local
// server, a name that resolves to it, and the console's own port are refused with
// destination_not_allowed, and a deny-listed listener on 127.0.0.3 never sees a connection.
// No request here reaches 169.254.169.254: the refusal happens before any connect.

let server: RunningServer;
let ctx: APIRequestContext;
let redirector: Redirector;
let denied: CountingListener;
let hostsEntry: { name: string; remove: () => void };
const email = "admin@outbound.test";
const password = `outbound-${crypto.randomBytes(8).toString("hex")}`;

test.beforeAll(async () => {
  hostsEntry = metadataName();
  redirector = await startRedirector();
  denied = await countingListener("127.0.0.3");
  server = await startServer({
    label: "outbound",
    env: { ADMIN_EMAIL: email, ADMIN_PASSWORD: password, SWITCHYARD_NET_DENY: "127.0.0.3/32", SWITCHYARD_WATCHER_BACKOFF_MS: "100" },
  });
  ctx = await signedIn(email, password, server.baseURL);
});

test.afterAll(async () => {
  hostsEntry?.remove();
  await ctx?.dispose();
  await server?.stop();
  await redirector?.close();
  await denied?.close();
  if (server && !process.env.E2E_KEEP_DATA) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

test.afterEach(() => {
  expect(denied.connections(), "the deny-listed listener was reached").toBe(0);
});

/** Hosts (URL form) that must be refused: every notation, the /etc/hosts name, and this console's own address and port. */
function refusedHttpHosts(): string[] {
  const own = [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `0.0.0.0:${server.port}`, `[::1]:${server.port}`, `127.0.0.2:${server.port}`];
  const iface = interfaceAddress();
  if (iface) own.push(`${iface}:${server.port}`);
  return [...METADATA_HOSTS, hostsEntry.name, ...own];
}

/** URLs an HTTP feature must refuse: each host above, a redirect to the metadata address, and to the deny-listed listener. */
function refusedUrls(path = "/latest/meta-data/"): { label: string; url: string }[] {
  return [
    ...refusedHttpHosts().map((h) => ({ label: h, url: `http://${h}${path}` })),
    { label: "302 to the metadata address", url: redirector.to(`http://169.254.169.254${path}`) },
    { label: "307 to the metadata address (hex)", url: redirector.to(`http://0xa9fea9fe${path}`, 307) },
    { label: "302 to the /etc/hosts name", url: redirector.to(`http://${hostsEntry.name}${path}`) },
    { label: "302 to the console itself", url: redirector.to(`http://127.0.0.1:${server.port}/api/health`) },
    { label: "302 to the deny-listed listener", url: redirector.to(`${denied.url.replace(/\/$/, "")}${path}`) },
    { label: "the deny-listed listener", url: `${denied.url.replace(/\/$/, "")}${path}` },
  ];
}

const customAuth = (authUrl: string) => ({ authType: "custom", authUrl, method: "POST", headers: [{ key: "X-Api-Key", value: "Planted-key", secret: true }], body: '{"client_id":"x"}', secretBodyKeys: [] });

function expectRefused(result: { ok: boolean; code: string | null; message: string }, label: string) {
  expect(result, label).toMatchObject({ ok: false, code: "destination_not_allowed" });
  expect(result.message, label).toMatch(/^(SSH server: |Database behind the SSH tunnel: |[^ ]+: )?Connections to \S+:\d+ .*are not allowed \(.+\)$/);
}

test.describe("HTTP features", () => {
  test("Custom Auth connection test (before save) refuses every notation, redirect, name and the console's port", async () => {
    // The control: an allowed destination, reached through a redirect, still works.
    const ok = await (await ctx.post("/api/connections/test", { data: { name: "probe", ...customAuth(redirector.to(`${redirector.base}/token`)) } })).json();
    expect(ok).toMatchObject({ ok: true, code: null, status: 200 });
    for (const { label, url } of refusedUrls()) {
      const res = await ctx.post("/api/connections/test", { data: { name: "probe", ...customAuth(url) } });
      expect(res.status(), label).toBe(200);
      const result = await res.json();
      expectRefused(result, label);
      expect(result.excerpt, label).toBeNull();
    }
  });

  test("the token auth types' requests (test URL, token URL, login URL) refuse them too, before any connect", async () => {
    const typed = (url: string) => [
      { authType: "bearer", token: "Planted-token", testUrl: url },
      { authType: "apiKey", keyIn: "header", keyName: "X-Api-Key", keyValue: "Planted-key", testUrl: url },
      { authType: "oauth2", grantType: "client_credentials", tokenUrl: url, clientId: "c", clientSecret: "Planted-secret", scopes: "", clientAuth: "body", extraBody: [] },
      { ...customAuth(url), authType: "sessionToken", tokenPath: "token", tokenIn: "header", tokenName: "Authorization", tokenPrefix: "Bearer " },
    ];
    for (const { label, url } of refusedUrls()) {
      for (const data of typed(url)) {
        const res = await ctx.post("/api/connections/test", { data: { name: "probe", ...data } });
        const what = `${data.authType} ${label}`;
        expect(res.status(), what).toBe(200);
        const result = await res.json();
        expect(result, what).toMatchObject({ ok: false, code: "destination_not_allowed" });
        expect(result.message, what).toMatch(/are not allowed/);
        expect(result.excerpt ?? null, what).toBeNull();
      }
    }
  });

  test("REST connection test (saved) refuses them too, and shows at most a short redacted excerpt of allowed answers", async () => {
    for (const { label, url } of refusedUrls()) {
      const conn = await createConnection(ctx, customAuth(url));
      const result = await (await ctx.post(`/api/connections/${conn.id}/test`, { data: {} })).json();
      expectRefused(result, label);
      const listed = await (await ctx.get(`/api/connections/${conn.id}`)).json();
      expect(listed.lastTest, label).toMatchObject({ ok: false, code: "destination_not_allowed" });
    }
    const long = await createConnection(ctx, customAuth(`${redirector.base}/long`));
    const result = await (await ctx.post(`/api/connections/${long.id}/test`, { data: {} })).json();
    expect(result).toMatchObject({ ok: false, code: "http_4xx", status: 403 });
    expect(result.excerpt.length).toBeLessThanOrEqual(201);
    expect(result.excerpt).not.toContain("Planted");
    expect(JSON.stringify(result)).not.toContain("xxxxxxxxxx".repeat(30));
  });

  test("Custom Auth at run time: the run fails with destination_not_allowed before the script starts", async () => {
    for (const url of [`http://2852039166/latest/api/token`, redirector.to("http://[::ffff:a9fe:a9fe]/latest/api/token")]) {
      const conn = await createConnection(ctx, customAuth(url));
      const feed = await createFeed(ctx, { connectionId: conn.id, script: 'print("never runs")\n', status: "draft", name: feedName("outbound_rt") });
      const res = await ctx.post(`/api/feeds/${feed.id}/test?wait=true`, { data: {} });
      expect(res.status(), await res.text()).toBe(200);
      const run = (await res.json()) as Run;
      expect(run.status, url).toBe("failed");
      expect(run.error, url).toContain("destination_not_allowed");
    }
  });

  test("Druid /status test refuses every notation and redirect; allowed answers are cut to a short excerpt", async () => {
    const druid = async (queryHost: string) => {
      const res = await ctx.post("/api/druid-connections", { data: { name: feedName("druid_out"), queryHosts: [queryHost] } });
      expect(res.status(), await res.text()).toBe(201);
      return (await ctx.post(`/api/connections/${(await res.json()).id}/test`, { data: {} })).json();
    };
    expect(await druid(redirector.base.replace("http://", ""))).toMatchObject({ ok: true, message: expect.stringContaining("is up (Druid 29.0.1)") });
    for (const { label, url } of refusedUrls("")) {
      // Druid query hosts are host:port or a URL; /status is appended.
      const result = await druid(url.startsWith(redirector.base) ? url : url.replace(/^http:\/\//, ""));
      expectRefused(result, label);
      expect(result.excerpt, label).toBeNull();
    }
    const long = await druid(`${redirector.base}/long500`);
    expect(long).toMatchObject({ ok: false, code: "http_5xx", status: 500 });
    expect(long.excerpt.length).toBeLessThanOrEqual(201);
    expect(long.excerpt).not.toContain("Planted");
  });

  test("watcher deliveries are refused without retries, and never reach the deny-listed listener", async () => {
    const conn = await createConnection(ctx, { authType: "none" });
    const urls = refusedUrls("/hook");
    const runs: Run[] = [];
    // At most 20 watchers per feed.
    for (let i = 0; i < urls.length; i += 20) {
      const watchers = urls.slice(i, i + 20).map(({ url }) => ({ url, onSuccess: true, onFailure: true }));
      const feed = await createFeed(ctx, { connectionId: conn.id, script: 'print("done")\n', watchers });
      const started = await ctx.post(`/api/feeds/${feed.id}/runs`, { data: {} });
      expect(started.status(), await started.text()).toBe(202);
      runs.push(await waitForRun(ctx, (await started.json()).id, 90_000, (r) => (r.notifications?.length ?? 0) > 0));
    }
    const deliveries = runs.flatMap((r) => r.notifications!) as { url: string; ok: boolean; code?: string; attempts: number; error: string }[];
    expect(deliveries).toHaveLength(urls.length);
    for (const { label, url } of urls) {
      const d = deliveries.find((x) => x.url === url)!;
      expect(d, label).toMatchObject({ ok: false, code: "destination_not_allowed", attempts: 1 });
      expect(d.error, label).toMatch(/^destination_not_allowed: Connections to /);
    }
  });
});

test.describe("database features", () => {
  const uri = (scheme: string, host: string, port: number) => `${scheme}://u:Planted-pw@${host}:${port}/test`;

  /** Host:port pairs a database feature must refuse. */
  function refusedDbTargets(defaultPort: number): { label: string; host: string; port: number }[] {
    const own = ["127.0.0.1", "localhost", "0.0.0.0", "[::1]", interfaceAddress()].filter((h): h is string => Boolean(h)).map((host) => ({ label: `${host}:console`, host, port: server.port }));
    return [
      ...METADATA_HOSTS.map((host) => ({ label: host, host, port: defaultPort })),
      { label: "/etc/hosts name", host: hostsEntry.name, port: defaultPort },
      ...own,
      { label: "deny-listed listener", host: denied.host, port: denied.port },
    ];
  }

  const testDb = async (data: Record<string, unknown>) => {
    const res = await ctx.post("/api/databases/test", { data: { alias: "probe", use_ssh: false, ...data } });
    expect(res.status(), await res.text()).toBe(200);
    return res.json();
  };

  test("PostgreSQL and MySQL database tests refuse every notation, the /etc/hosts name and the console's port", async () => {
    for (const [scheme, port] of [["postgresql+psycopg2", 5432], ["mysql+pymysql", 3306]] as const) {
      for (const t of refusedDbTargets(port)) {
        const result = await testDb({ connection_uri: uri(scheme, t.host, t.port) });
        expectRefused(result, `${scheme} ${t.label}`);
        expect(JSON.stringify(result)).not.toContain("Planted");
      }
    }
    // Dataherald's create answers its own envelope with the typed code.
    const token = await ctx.post("/api/tokens", { data: { name: feedName("outbound_token"), role: "editor" } });
    const dh = await bare(server.baseURL);
    const created = await dh.post("/api/v1/database-connections", {
      headers: { "X-API-Key": (await token.json()).token },
      data: { alias: feedName("dh_meta"), connection_uri: uri("postgresql+psycopg2", "0251.0376.0251.0376", 5432) },
    });
    expect(created.status()).toBe(400);
    expect(await created.json()).toMatchObject({ error_code: "destination_not_allowed" });
  });

  test("database test errors do not quote what a non-database service sent", async () => {
    const banner = await bannerServer("SSH-2.0-OpenSSH_9.9 Planted-banner-text");
    try {
      for (const scheme of ["postgresql+psycopg2", "mysql+pymysql"]) {
        const result = await testDb({ connection_uri: uri(scheme, "127.0.0.1", banner.port) });
        expect(result.ok, scheme).toBe(false);
        expect(result.message, scheme).not.toMatch(/Planted|OpenSSH/);
      }
    } finally {
      await banner.close();
    }
  });

  test("SSH tunnels: the SSH host and the database behind it are checked before anything is dialled", async () => {
    const pg = "postgresql+psycopg2://postgres@127.0.0.1:5432/test";
    const viaSsh = (host: string, port: number, connection_uri = pg) => testDb({ connection_uri, use_ssh: true, ssh_settings: { host, port, username: "tunnel", password: "Planted-ssh-pw" } });
    for (const host of [...METADATA_BARE_HOSTS, hostsEntry.name]) expectRefused(await viaSsh(host, 22), `ssh host ${host}`);
    expectRefused(await viaSsh("127.0.0.1", server.port), "ssh host = the console's port");
    expectRefused(await viaSsh(denied.host, denied.port), "ssh host = the deny-listed listener");
    // The database behind the tunnel is dialled by the SSH server; it is checked by name and literal.
    for (const host of [...METADATA_HOSTS, "127.0.0.3"]) {
      const result = await viaSsh("127.0.0.1", 1, uri("postgresql+psycopg2", host, host === "127.0.0.3" ? denied.port : 5432));
      expectRefused(result, `behind the tunnel: ${host}`);
      expect(result.message).toContain("Database behind the SSH tunnel");
    }
    expectRefused(await viaSsh("127.0.0.1", 1, uri("postgresql+psycopg2", "127.0.0.1", server.port)), "behind a local tunnel: the console's port");
  });

  test("PostgreSQL warehouse check refuses every notation; the warehouse stays as it was", async () => {
    const before = await (await ctx.get("/api/settings/warehouse")).json();
    const targets = [...METADATA_BARE_HOSTS.map((host) => ({ host, port: 5432 })), { host: hostsEntry.name, port: 5432 }, { host: "127.0.0.1", port: server.port }, { host: denied.host, port: denied.port }];
    for (const t of targets) {
      const res = await ctx.put("/api/settings/warehouse", { data: { type: "postgres", host: t.host, port: t.port, database: "test", user: "postgres", password: "Planted-pw", schema: "public" } });
      expect(res.status(), t.host).toBe(422);
      const body = await res.json();
      expect(body.error.code, t.host).toBe("destination_not_allowed");
      expect(body.error.fields.host, t.host).toMatch(/are not allowed \(.+\)/);
      expect(JSON.stringify(body)).not.toContain("Planted");
    }
    expect(await (await ctx.get("/api/settings/warehouse")).json()).toEqual(before);
  });

  test("Zoomdata create (tested like any other connection) refuses every notation, the /etc/hosts name and the console's port", async () => {
    const zd = await bare(`${server.baseURL}/zoomdata/`);
    const headers = { Authorization: `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`, "Content-Type": "application/json" };
    for (const [sub, port] of [["postgresql", 5432], ["mysql", 3306]] as const) {
      for (const t of refusedDbTargets(port)) {
        const created = await zd.post("service/connections", {
          headers,
          data: { connectionTypeId: `SQL_${sub.toUpperCase()}`, name: feedName("zd_out"), type: "SQL", parameters: { JDBC_URL: `jdbc:${sub}://${t.host}:${t.port}/test`, USER_NAME: "u", PASSWORD: "Planted-pw" } },
        });
        expect(created.status(), `${sub} ${t.label}`).toBe(422);
        const body = await created.json();
        expect(body.message, `${sub} ${t.label}`).toContain("destination_not_allowed");
        expect(body.message).toMatch(/Connections to \S+:\d+ .*are not allowed/);
        expect(JSON.stringify(body)).not.toContain("Planted");
      }
    }
  });
});
