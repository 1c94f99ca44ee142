import { expect, test, type APIRequestContext } from "@playwright/test";
import { admin, asAdmin, bare, createToken, createUser } from "../support/api";
import { mariaDatabase, pgClient, pgSchema, sqliteFile, suffix } from "../support/databases";
import { freePort } from "../support/server";

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

// The sample scripts (create_impala_connection.py, create_mysql_connection.py, Python 2.7) fill
// object_templates/connection/jdbc.json and POST it with urllib2: these are their exact requests.
const scriptHeaders = () => ({
  Authorization: `Basic ${Buffer.from(`${admin().email}:${admin().password}`).toString("base64")}`,
  "Content-Type": "application/json",
  "User-Agent": "Python-urllib/2.7",
});
const scriptBody = (o: { name: string; jdbc: string; user?: string; password?: string; sub: string; typeId: string; type: string }) =>
  JSON.stringify({ connectionTypeId: o.typeId, name: o.name, parameters: { JDBC_URL: o.jdbc, PASSWORD: o.password ?? "", USER_NAME: o.user ?? "" }, subStorageType: o.sub, type: o.type });

test("the Impala script's jdbc:hive2 URL (legacy and EDC) is accepted and parsed", async () => {
  for (const [typeId, type] of [["IMPALA_IMPALA", "IMPALA"], ["5a8f1e2b9c4d3e6f7a8b9c03", "EDC2"]]) {
    const name = `zd_hive2_${suffix()}`;
    const res = await zd.post("service/connections", { headers: scriptHeaders(), data: scriptBody({ name, jdbc: "jdbc:hive2://impala.example.com:21050/;auth=noSasl", sub: "IMPALA", typeId, type }) });
    expect(res.status(), await res.text()).toBe(201);
    const conn = await res.json();
    expect(typeof conn.id).toBe("string");
    // The display masks every credential-like property, "auth" included (lib/secrets/redact.ts).
    expect(conn).toMatchObject({ name, type, subStorageType: "IMPALA", connectionTypeId: typeId, parameters: { JDBC_URL: "jdbc:hive2://impala.example.com:21050/;auth=••••" } });
    const native = await (await (await asAdmin()).get(`/api/databases/${conn.id}`)).json();
    expect(native).toMatchObject({ dialect: "impala", host: "impala.example.com", port: 21050, database: "default", driverAvailable: false });
  }
  const wrong = await zd.post("service/connections", { headers: scriptHeaders(), data: scriptBody({ name: `zd_x_${suffix()}`, jdbc: "jdbc:postgresql://h/db", sub: "IMPALA", typeId: "IMPALA_IMPALA", type: "IMPALA" }) });
  expect(wrong.status()).toBe(400);
  expect((await wrong.json()).message).toContain("jdbc:hive2:");
});

test("a connection made by the MySQL script is tested, its tables discovered and listed through Dataherald at once; views are VIEW", async () => {
  const { database, conn, drop } = await mariaDatabase();
  const { schema, drop: dropPg } = await pgSchema(1);
  try {
    await conn.query(`CREATE VIEW ${database}.big_orders AS SELECT * FROM ${database}.orders WHERE total > 5`);
    const res = await zd.post("service/connections", { headers: scriptHeaders(), data: scriptBody({ name: `zd_my_${suffix()}`, jdbc: `jdbc:mysql://127.0.0.1:3306/${database}`, user: "root", sub: "MYSQL", typeId: "SQL_MYSQL", type: "SQL" }) });
    expect(res.status(), await res.text()).toBe(201);
    const { id } = await res.json();
    const objects = await (await zd.get(`service/connections/${id}/objects`, { headers: basic() })).json();
    expect(objects).toEqual([
      { name: "big_orders", schema: database, type: "VIEW" },
      { name: "customers", schema: database, type: "TABLE" },
      { name: "orders", schema: database, type: "TABLE" },
    ]);
    const token = (await createToken(await asAdmin(), { role: "viewer" })).token;
    const tables = await (await zd.get(`/api/v1/table-descriptions?db_connection_id=${id}`, { headers: { "X-API-Key": token } })).json();
    expect(tables.map((t: { table_name: string; status: string }) => [t.table_name, t.status])).toEqual([
      ["big_orders", "NOT_SCANNED"],
      ["customers", "NOT_SCANNED"],
      ["orders", "NOT_SCANNED"],
    ]);
    const native = await (await (await asAdmin()).get(`/api/databases/${id}`)).json();
    expect(native.lastTest).toMatchObject({ ok: true });

    // PostgreSQL views too, through the legacy type's objects call.
    const c = await pgClient();
    await c.query(`CREATE VIEW ${schema}.v_t01 AS SELECT id FROM ${schema}.t01`);
    await c.end();
    const pgConn = await (await zd.post("service/connections", { headers: basic(), data: { connectionTypeId: "SQL_POSTGRESQL", name: `zd_pgv_${suffix()}`, type: "SQL", parameters: { JDBC_URL: `jdbc:postgresql://127.0.0.1:5432/test?currentSchema=${schema}`, USER_NAME: "postgres" } } })).json();
    expect(await (await zd.get(`service/connections/${pgConn.id}/objects?schema=${schema}`, { headers: basic() })).json()).toEqual([
      { name: "t01", schema, type: "TABLE" },
      { name: "v_t01", schema, type: "VIEW" },
    ]);

    // Tested like any other: a database that does not answer is refused, and nothing is stored.
    const name = `zd_down_${suffix()}`;
    const down = await zd.post("service/connections", { headers: scriptHeaders(), data: scriptBody({ name, jdbc: `jdbc:mysql://127.0.0.1:${await freePort()}/${database}`, user: "root", sub: "MYSQL", typeId: "SQL_MYSQL", type: "SQL" }) });
    expect(down.status()).toBe(400);
    expect(await down.json()).toMatchObject({ status: 400, error: "Bad Request", message: expect.stringContaining("Unable to connect") });
    const all = await (await zd.get("service/connections", { headers: basic() })).json();
    expect(all.map((x: { name: string }) => x.name)).not.toContain(name);
  } finally {
    await drop();
    await dropPg();
  }
});
