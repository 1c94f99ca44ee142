import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { admin, asAdmin, bare, createToken } from "../support/api";
import { pgSchema, suffix } from "../support/databases";
import { TEST_API_HOST } from "../support/test-api";

// Issue 9, item 9 (DESIGN §3): changing a connection's host or URL requires its secrets to be
// entered again, for every kind. Writing the mask back keeps a stored secret only while the
// connection points at the same server.

const MASK = "••••••••";

test("Druid: the mask keeps the key for the same query hosts and is refused for a new one", async () => {
  const { token } = await createToken(await asAdmin(), { role: "editor" });
  const api = await bare();
  const h = { "x-api-key": token, "Content-Type": "application/json" };
  const name = `druid_host_${suffix()}`;
  const base = { name, type: "druid", queryHosts: ["broker-1.example:8082"], protocol: "tls-ca", key: "Planted-druid-key", passphrase: "Planted-druid-pass" };
  const created = await api.post("/api/druid-connections", { headers: h, data: base });
  expect(created.status(), await created.text()).toBe(201);
  const id = (await created.json()).id as string;

  const same = await api.put(`/api/druid-connections/${id}`, { headers: h, data: { ...base, title: "Same hosts", key: MASK, passphrase: MASK } });
  expect(same.status(), await same.text()).toBe(200);
  expect(await same.json()).toMatchObject({ title: "Same hosts", key: MASK, passphrase: MASK });

  for (const queryHosts of [["evil.example:8082"], ["broker-1.example:8082", "evil.example:8082"], ["broker-1.example:9999"]]) {
    const moved = await api.put(`/api/druid-connections/${id}`, { headers: h, data: { ...base, queryHosts, key: MASK, passphrase: MASK } });
    expect(moved.status(), await moved.text()).toBe(422);
    const fields = (await moved.json()).error.fields;
    expect(fields).toEqual({ key: "Enter the TLS client key again: the host changed", passphrase: "Enter the TLS key passphrase again: the host changed" });
  }
  // Through Pivot's API the same rule holds, answered in Pivot's envelope (a 400).
  const pivot = await api.post("/api/v1/connections", { headers: { "x-imply-api-token": token, "Content-Type": "application/json" }, data: { connection: { ...base, queryHosts: ["evil.example:8082"], key: MASK, passphrase: MASK } } });
  const pivotText = await pivot.text();
  expect(pivot.status(), pivotText).toBe(400);
  expect(pivotText).toContain("Enter the TLS client key again: the host changed");
  // With the secrets typed again the new host is accepted.
  const retyped = await api.put(`/api/druid-connections/${id}`, { headers: h, data: { ...base, queryHosts: ["broker-2.example:8082"], key: "Planted-new-key", passphrase: null } });
  expect(retyped.status(), await retyped.text()).toBe(200);
  expect(await retyped.json()).toMatchObject({ queryHosts: ["broker-2.example:8082"], key: MASK, passphrase: null });
});

test("JDBC (Zoomdata): a kept password is refused when the host, port or database changes", async () => {
  const zd = await bare(`${process.env.E2E_BASE_URL}/zoomdata/`);
  const headers = { Authorization: `Basic ${Buffer.from(`${admin().email}:${admin().password}`).toString("base64")}`, "Content-Type": "application/json" };
  const body = (url: string, password: string | null) => ({ connectionTypeId: "SQL_POSTGRESQL", name: `zd_host_${id}`, type: "SQL", parameters: { JDBC_URL: url, USER_NAME: "postgres", PASSWORD: password } });
  const id = suffix();
  // Zoomdata connections are tested like any other: this PostgreSQL trusts every client, so any password connects.
  const created = await zd.post("service/connections", { headers, data: body("jdbc:postgresql://127.0.0.1:5432/test", "Planted-jdbc-pw") });
  expect(created.status(), await created.text()).toBe(201);
  const connId = (await created.json()).id as string;

  const same = await zd.put(`service/connections/${connId}`, { headers, data: body("jdbc:postgresql://127.0.0.1:5432/test?ssl=false", null) });
  expect(same.status(), await same.text()).toBe(200);
  for (const [url, what] of [
    ["jdbc:postgresql://evil.example:5432/test", "host"],
    ["jdbc:postgresql://127.0.0.1:5433/test", "port"],
    ["jdbc:postgresql://127.0.0.1:5432/other", "database"],
    ["jdbc:postgresql://postgres:••••@evil.example:5432/test", "host"],
  ]) {
    const moved = await zd.put(`service/connections/${connId}`, { headers, data: body(url, null) });
    expect(moved.status(), await moved.text()).toBe(400);
    expect((await moved.json()).message).toContain(`password: Enter the password again: the ${what} changed`);
  }
  // With the password typed again, another server (here the same one by another name) is accepted.
  const retyped = await zd.put(`service/connections/${connId}`, { headers, data: body("jdbc:postgresql://localhost:5432/test", "Planted-jdbc-new") });
  expect(retyped.status(), await retyped.text()).toBe(200);
});

test("database connection: the URI shown back keeps its password for the same server, and is refused for another port", async () => {
  const adminCtx = await asAdmin();
  const { token } = await createToken(adminCtx, { role: "editor" });
  const api = await bare();
  const h = { "x-api-key": token, "Content-Type": "application/json" };
  const { schema, drop } = await pgSchema(1);
  try {
    const alias = `db_host_${suffix()}`;
    // This PostgreSQL trusts every client, so any password connects; what matters is what is kept.
    const created = await api.post("/api/databases", { headers: h, data: { alias, use_ssh: false, connection_uri: `postgresql+psycopg2://postgres:Planted-db@pw@127.0.0.1:5432/test?options=-csearch_path=${schema}` } });
    expect(created.status(), await created.text()).toBe(201);
    const conn = await created.json();
    expect(conn.uri).toBe(`postgresql+psycopg2://postgres:••••@127.0.0.1:5432/test?options=-csearch_path=${schema}`);

    const same = await api.put(`/api/databases/${conn.id}`, { headers: h, data: { alias, use_ssh: false, connection_uri: conn.uri } });
    expect(same.status(), await same.text()).toBe(200);
    const moved = await api.put(`/api/databases/${conn.id}`, { headers: h, data: { alias, use_ssh: false, connection_uri: conn.uri.replace(":5432/", ":5433/") } });
    expect(moved.status(), await moved.text()).toBe(422);
    expect((await moved.json()).error.fields).toEqual({ connection_uri: "Enter the password again: the port changed" });
    // Dataherald's surface answers the same refusal in FastAPI's 422 shape.
    const dh = await api.put(`/api/v1/database-connections/${conn.id}`, { headers: h, data: { alias, use_ssh: false, connection_uri: conn.uri.replace("127.0.0.1", "localhost") } });
    expect(dh.status(), await dh.text()).toBe(422);
    expect((await dh.json()).detail[0]).toMatchObject({ loc: ["body", "connection_uri"], msg: "Enter the password again: the host changed" });
  } finally {
    await drop();
  }
});

test("REST Custom Auth: a nested body secret is sent, kept by the mask, and refused for a new host", async () => {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push(body);
      res.writeHead(200, { "content-type": "application/json" }).end('{"access_token":"t"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, TEST_API_HOST, r));
  try {
    const { token } = await createToken(await asAdmin(), { role: "editor" });
    const api = await bare();
    const h = { "x-api-key": token, "Content-Type": "application/json" };
    const authUrl = `http://${TEST_API_HOST}:${(server.address() as AddressInfo).port}/token`;
    const planted = `Nested-${suffix()}`;
    const input = { name: `rest_nested_${suffix()}`, authType: "custom", authUrl, method: "POST", headers: [], body: JSON.stringify({ client_id: "c", auth: { password: planted } }), secretBodyKeys: ["auth.password"] };
    const created = await api.post("/api/connections", { headers: h, data: input });
    expect(created.status(), await created.text()).toBe(201);
    const conn = await created.json();
    expect(conn.body).not.toContain(planted);
    const sentOf = async () => {
      const before = received.length;
      const tested = await api.post(`/api/connections/${conn.id}/test`, { headers: h });
      expect((await tested.json()).ok, "the Custom Auth test").toBe(true);
      return JSON.parse(received[before]) as { auth: { password: string } };
    };
    expect((await sentOf()).auth.password).toBe(planted);
    // The body as shown (the mask at auth.password) keeps the stored value.
    const same = await api.patch(`/api/connections/${conn.id}`, { headers: h, data: { ...input, body: conn.body } });
    expect(same.status(), await same.text()).toBe(200);
    expect((await sentOf()).auth.password).toBe(planted);
    const moved = await api.patch(`/api/connections/${conn.id}`, { headers: h, data: { ...input, authUrl: authUrl.replace(TEST_API_HOST, "127.0.0.9"), body: conn.body } });
    expect(moved.status(), await moved.text()).toBe(422);
    expect((await moved.json()).error.fields).toEqual({ "body.auth.password": "Enter the value of auth.password again: the host changed" });
  } finally {
    await new Promise((r) => server.close(r));
  }
});
