import { expect, test, type APIRequestContext } from "@playwright/test";
import { admin, asAdmin, bare, createToken, createUser } from "../support/api";
import { mariaDatabase, pgSchema, sqliteFile, suffix } from "../support/databases";

// Zoomdata's private connection API (seed 000), mounted at /zoomdata, with HTTP Basic as its
// sample client sends it.

let zd: APIRequestContext;
const basic = () => ({ Authorization: `Basic ${Buffer.from(`${admin().email}:${admin().password}`).toString("base64")}`, "Content-Type": "application/json" });
test.beforeAll(async () => {
  zd = await bare(`${process.env.E2E_BASE_URL}/zoomdata/`);
});

test("connection types list legacy and EDC types", async () => {
  const res = await zd.get("service/connection/types", { headers: basic() });
  expect(res.status()).toBe(200);
  const types = await res.json();
  const ids = types.map((t: { id: string }) => t.id);
  expect(ids).toEqual(expect.arrayContaining(["IMPALA_IMPALA", "SQL_MYSQL", "SQL_POSTGRESQL", "SQL_SQLITE"]));
  expect(types.filter((t: { edcBased: boolean }) => t.edcBased).length).toBeGreaterThan(0);
  expect(types[0]).toMatchObject({ id: expect.any(String), name: expect.any(String), edcBased: expect.any(Boolean) });
});

test("the sample client's create request, then list, get, schema, objects, update and delete", async () => {
  const { schema, drop } = await pgSchema(2);
  try {
    const name = `zd_pg_${suffix()}`;
    const res = await zd.post("service/connections", {
      headers: basic(),
      data: { connectionTypeId: "SQL_POSTGRESQL", name, subStorageType: "POSTGRESQL", type: "SQL", parameters: { JDBC_URL: `jdbc:postgresql://127.0.0.1:5432/test?currentSchema=${schema}`, USER_NAME: "postgres", PASSWORD: "" } },
    });
    expect(res.status(), await res.text()).toBe(201);
    const conn = await res.json();
    expect(typeof conn.id).toBe("string");
    expect(conn).toMatchObject({ name, type: "SQL", subStorageType: "POSTGRESQL", connectionTypeId: "SQL_POSTGRESQL", parameters: { USER_NAME: "postgres", PASSWORD: null } });
    expect((await (await zd.get("service/connections", { headers: basic() })).json()).map((c: { id: string }) => c.id)).toContain(conn.id);
    expect((await (await zd.get(`service/connections/${conn.id}`, { headers: basic() })).json()).name).toBe(name);
    const schemas = await (await zd.get(`service/connections/${conn.id}/schema`, { headers: basic() })).json();
    expect(schemas).toEqual(expect.arrayContaining(["public", schema]));
    const objects = await (await zd.get(`service/connections/${conn.id}/objects?schema=${schema}`, { headers: basic() })).json();
    expect(objects.map((o: { name: string }) => o.name)).toEqual(["t01", "t02"]);
    const put = await zd.put(`service/connections/${conn.id}`, {
      headers: basic(),
      data: { connectionTypeId: "SQL_POSTGRESQL", name: `${name}_v2`, type: "SQL", parameters: { JDBC_URL: `jdbc:postgresql://127.0.0.1:5432/test?currentSchema=${schema}`, USER_NAME: "postgres" } },
    });
    expect((await put.json()).name).toBe(`${name}_v2`);
    expect((await zd.delete(`service/connections/${conn.id}`, { headers: basic() })).status()).toBe(204);
    expect((await zd.get(`service/connections/${conn.id}`, { headers: basic() })).status()).toBe(404);
  } finally {
    await drop();
  }
});

test("MariaDB, SQLite and EDC connections; Impala is stored though it has no driver here", async () => {
  const { database, drop } = await mariaDatabase();
  try {
    const maria = await (await zd.post("service/connections", { headers: basic(), data: { connectionTypeId: "5a8f1e2b9c4d3e6f7a8b9c02", name: `zd_edc_${suffix()}`, type: "EDC2", parameters: { JDBC_URL: `jdbc:mariadb://127.0.0.1:3306/${database}`, USER_NAME: "root" } } })).json();
    expect((await (await zd.get(`service/connections/${maria.id}/objects`, { headers: basic() })).json()).map((o: { name: string }) => o.name)).toEqual(["customers", "orders"]);
    const file = sqliteFile();
    const lite = await (await zd.post("service/connections", { headers: basic(), data: { connectionTypeId: "SQL_SQLITE", name: `zd_lite_${suffix()}`, type: "SQL", parameters: { JDBC_URL: `jdbc:sqlite:${file}` } } })).json();
    expect((await (await zd.get(`service/connections/${lite.id}/objects`, { headers: basic() })).json()).map((o: { name: string }) => o.name)).toEqual(["gardens", "plants"]);
    const impala = await zd.post("service/connections", { headers: basic(), data: { connectionTypeId: "IMPALA_IMPALA", name: `zd_impala_${suffix()}`, subStorageType: "IMPALA", type: "IMPALA", parameters: { JDBC_URL: "jdbc:impala://impala.example.com:21050/default", USER_NAME: "u", PASSWORD: "Planted-impala" } } });
    expect(impala.status()).toBe(201);
    expect(JSON.stringify(await impala.json())).not.toContain("Planted");

    // Wrong input gets a clear 400.
    const noEdc = await zd.post("service/connections", { headers: basic(), data: { connectionTypeId: "nope", name: `x_${suffix()}`, type: "EDC2", parameters: { JDBC_URL: "jdbc:mysql://h/db" } } });
    expect(noEdc.status()).toBe(400);
    expect((await noEdc.json()).message).toContain("connectionTypeId");
    const mismatch = await zd.post("service/connections", { headers: basic(), data: { connectionTypeId: "SQL_POSTGRESQL", name: `x_${suffix()}`, type: "SQL", parameters: { JDBC_URL: "jdbc:mysql://h/db" } } });
    expect((await mismatch.json()).message).toContain("jdbc:postgresql");
    const missing = await zd.post("service/connections", { headers: basic(), data: { name: "x" } });
    expect(missing.status()).toBe(400);
  } finally {
    await drop();
  }
});

test("Basic auth needs an admin's email and password; tokens work too", async () => {
  const wrong = await zd.get("service/connections", { headers: { Authorization: `Basic ${Buffer.from(`${admin().email}:nope`).toString("base64")}` } });
  expect(wrong.status()).toBe(401);
  expect(wrong.headers()["www-authenticate"]).toContain("Basic");
  const editor = await createUser(await asAdmin(), "editor");
  const notAdmin = await zd.get("service/connections", { headers: { Authorization: `Basic ${Buffer.from(`${editor.email}:${editor.password}`).toString("base64")}` } });
  expect(notAdmin.status()).toBe(403);
  const token = (await createToken(await asAdmin(), { role: "admin" })).token;
  expect((await zd.get("service/connections", { headers: { "X-API-Key": token } })).status()).toBe(200);
});
