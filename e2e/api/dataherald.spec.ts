import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { asAdmin, bare, createToken } from "../support/api";
import { mariaDatabase, pgClient, pgSchema, sqliteFile, suffix } from "../support/databases";
import { freePort } from "../support/server";
import { startSshd, type TestSshd } from "../support/sshd";

// Dataherald's database-connection and table-description API, driven with the seed's own example
// requests (a token header added) against real PostgreSQL, MariaDB, SQLite and an SSH tunnel.

let dh: APIRequestContext;
let token = "";
test.beforeAll(async () => {
  token = (await createToken(await asAdmin(), { role: "editor" })).token;
  dh = await bare();
});
const headers = () => ({ accept: "application/json", "Content-Type": "application/json", "X-API-Key": token });
const post = (url: string, data: unknown) => dh.post(url, { headers: headers(), data });
const pgUri = (schema: string, port = 5432) => `postgresql+psycopg2://postgres@127.0.0.1:${port}/test?options=-csearch_path=${schema}`;

async function waitForStatus(id: string, done: (s: string) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = await (await dh.get(`/api/v1/table-descriptions/${id}`, { headers: headers() })).json();
    if (done(t.status)) return t;
    if (Date.now() > deadline) throw new Error(`table ${id} still ${t.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("example 1: a SQLite connection answers 201 with ciphertext secrets and NOT_SCANNED tables", async () => {
  const file = sqliteFile();
  const alias = `my_db_alias_identifier_${suffix()}`;
  const res = await post("/api/v1/database-connections", { alias, use_ssh: false, connection_uri: `sqlite:///${file}` });
  expect(res.status(), await res.text()).toBe(201);
  expect(res.headers()["content-type"]).toBe("application/json");
  const conn = await res.json();
  expect(conn).toMatchObject({ alias, dialect: "sqlite", use_ssh: false });
  expect(conn.id).toMatch(/^[0-9a-f]{24}$/);
  expect(new Date(conn.created_at).toISOString()).toBe(conn.created_at);
  expect(conn.connection_uri).not.toContain(file);
  const tables = await (await dh.get(`/api/v1/table-descriptions?db_connection_id=${conn.id}`, { headers: headers() })).json();
  expect(tables.map((t: { table_name: string; status: string }) => [t.table_name, t.status])).toEqual([
    ["gardens", "NOT_SCANNED"],
    ["plants", "NOT_SCANNED"],
  ]);
  // The console's own database can never be a connection.
  const own = await post("/api/v1/database-connections", { alias: `own_${suffix()}`, connection_uri: `sqlite:///${path.join(process.env.E2E_DATA_DIR!, "console.db")}` });
  expect(own.status()).toBe(400);
  expect((await own.json()).error_code).toBe("invalid_database_connection");
  const outside = await post("/api/v1/database-connections", { alias: `etc_${suffix()}`, connection_uri: "sqlite:////etc/hostname" });
  expect((await outside.json()).description).toMatch(/outside the folder|not a readable/);
});

test("PostgreSQL: connect, list, get, scan in the background to SCANNED, describe, refresh", async () => {
  const { schema, drop } = await pgSchema(3);
  try {
    const alias = `pg_${suffix()}`;
    const created = await post("/api/v1/database-connections", { alias, use_ssh: false, connection_uri: pgUri(schema), llm_api_key: "llm-Planted-key" });
    expect(created.status(), await created.text()).toBe(201);
    const conn = await created.json();
    expect(conn).toMatchObject({ dialect: "postgresql", use_ssh: false });
    expect(conn.llm_api_key).toBeTruthy();
    expect(conn.llm_api_key).not.toContain("Planted");
    expect((await (await dh.get("/api/v1/database-connections", { headers: headers() })).json()).map((c: { id: string }) => c.id)).toContain(conn.id);
    expect((await (await dh.get(`/api/v1/database-connections/${conn.id}`, { headers: headers() })).json()).alias).toBe(alias);

    const list = await (await dh.get(`/api/v1/table-descriptions?db_connection_id=${conn.id}`, { headers: headers() })).json();
    expect(list).toHaveLength(3);
    const sync = await post("/api/v1/table-descriptions/sync-schemas", { db_connection_id: conn.id, table_names: ["t01", "t02"] });
    expect(sync.status()).toBe(201);
    expect((await sync.json()).map((t: { status: string }) => t.status)).toEqual(["SYNCHRONIZING", "SYNCHRONIZING"]);
    const t01 = list.find((t: { table_name: string }) => t.table_name === "t01");
    const scanned = await waitForStatus(t01.id, (s) => s === "SCANNED");
    expect(scanned.columns.map((c: { name: string }) => c.name)).toEqual(["id", "name", "amount", "created_at", "note"]);
    expect(scanned.columns[0]).toMatchObject({ data_type: "integer", is_primary_key: true });
    expect(scanned.examples).toHaveLength(3);
    expect(scanned.row_count).toBe(5);
    expect(scanned.table_schema).toContain("CREATE TABLE");
    const t03 = list.find((t: { table_name: string }) => t.table_name === "t03");
    expect((await (await dh.get(`/api/v1/table-descriptions/${t03.id}`, { headers: headers() })).json()).status).toBe("NOT_SCANNED");

    const put = await dh.put(`/api/v1/table-descriptions/${t01.id}`, { headers: headers(), data: { description: "Daily totals", columns: [{ name: "amount", description: "In euros" }] } });
    expect(put.status()).toBe(200);
    const described = await put.json();
    expect(described.description).toBe("Daily totals");
    expect(described.columns.find((c: { name: string }) => c.name === "amount").description).toBe("In euros");

    const c = await pgClient();
    await c.query(`CREATE TABLE ${schema}.added (id int); DROP TABLE ${schema}.t02`);
    await c.end();
    const refreshed = await (await post("/api/v1/table-descriptions/refresh", { db_connection_id: conn.id })).json();
    const status = Object.fromEntries(refreshed.map((t: { table_name: string; status: string }) => [t.table_name, t.status]));
    expect(status).toMatchObject({ added: "NOT_SCANNED", t02: "DEPRECATED", t01: "SCANNED" });

    // A scan that fails is FAILED with its reason.
    const c2 = await pgClient();
    await c2.query(`DROP TABLE ${schema}.t03`);
    await c2.end();
    await post("/api/v1/table-descriptions/sync-schemas", { db_connection_id: conn.id, table_names: ["t03"] });
    const failed = await waitForStatus(t03.id, (s) => s === "FAILED");
    expect(failed.error_message).toBeTruthy();

    // Editing in the console (which never sees llm_api_key) keeps it.
    const admin = await asAdmin();
    const edited = await admin.put(`/api/databases/${conn.id}`, { data: { alias, use_ssh: false, connection_uri: pgUri(schema) } });
    expect(edited.status(), await edited.text()).toBe(200);
    expect((await (await dh.get(`/api/v1/database-connections/${conn.id}`, { headers: headers() })).json()).llm_api_key).toBeTruthy();

    // The connection made here is visible through the native API.
    const native = await (await admin.get(`/api/connections?kind=database&q=${encodeURIComponent(alias)}`)).json();
    expect(native.connections.find((x: { id: string }) => x.id === conn.id)).toMatchObject({ name: alias, detail: "postgresql" });
  } finally {
    await drop();
  }
});

test("MariaDB through mysql+pymysql, and PUT updates a connection", async () => {
  const { database, drop } = await mariaDatabase();
  try {
    const alias = `maria_${suffix()}`;
    const res = await post("/api/v1/database-connections", { alias, use_ssh: false, connection_uri: `mysql+pymysql://root@127.0.0.1:3306/${database}` });
    expect(res.status(), await res.text()).toBe(201);
    const conn = await res.json();
    expect(conn.dialect).toBe("mysql");
    const tables = await (await dh.get(`/api/v1/table-descriptions?db_connection_id=${conn.id}&table_name=customers`, { headers: headers() })).json();
    expect(tables).toHaveLength(1);
    await post("/api/v1/table-descriptions/sync-schemas", { db_connection_id: conn.id });
    const scanned = await waitForStatus(tables[0].id, (s) => s === "SCANNED");
    expect(scanned.columns.map((c: { name: string; data_type: string }) => `${c.name}:${c.data_type}`)).toEqual(["id:int(11)", "email:varchar(200)", "joined:date"]);
    expect(scanned.examples[0]).toMatchObject({ email: "a@x.io", joined: "2026-01-01" });
    const renamed = await dh.put(`/api/v1/database-connections/${conn.id}`, { headers: headers(), data: { alias: `${alias}_v2`, use_ssh: false, connection_uri: `mysql+pymysql://root@127.0.0.1:3306/${database}` } });
    expect(renamed.status(), await renamed.text()).toBe(200);
    expect((await renamed.json()).alias).toBe(`${alias}_v2`);
  } finally {
    await drop();
  }
});

test.describe("through an SSH tunnel", () => {
  let sshd: TestSshd;
  test.beforeAll(async () => {
    sshd = await startSshd();
  });
  test.afterAll(() => sshd?.stop());

  test("examples 2 and 3: SSH with a password, or a private key and its passphrase", async () => {
    const { schema, drop } = await pgSchema(2);
    try {
      const viaPassword = await post("/api/v1/database-connections", {
        alias: `my_db_alias_${suffix()}`,
        use_ssh: true,
        connection_uri: pgUri(schema),
        ssh_settings: { host: "127.0.0.1", port: sshd.port, username: sshd.user, password: sshd.password },
      });
      expect(viaPassword.status(), await viaPassword.text()).toBe(201);
      const a = await viaPassword.json();
      expect(a.use_ssh).toBe(true);
      expect(a.ssh_settings).toMatchObject({ host: "127.0.0.1", port: sshd.port, username: sshd.user });
      expect(a.ssh_settings.password).not.toContain(sshd.password);

      const viaKey = await post("/api/v1/database-connections", {
        alias: `my_db_alias_key_${suffix()}`,
        use_ssh: true,
        connection_uri: pgUri(schema),
        llm_api_key: "api_key",
        ssh_settings: { host: "127.0.0.1", port: sshd.port, username: sshd.user, private_key: sshd.privateKey, private_key_password: sshd.passphrase },
      });
      expect(viaKey.status(), await viaKey.text()).toBe(201);
      const b = await viaKey.json();
      const tables = await (await dh.get(`/api/v1/table-descriptions?db_connection_id=${b.id}`, { headers: headers() })).json();
      await post("/api/v1/table-descriptions/sync-schemas", { db_connection_id: b.id, table_names: ["t01"] });
      await waitForStatus(tables.find((t: { table_name: string }) => t.table_name === "t01").id, (s) => s === "SCANNED");

      const wrong = await post("/api/v1/database-connections", {
        alias: `ssh_wrong_${suffix()}`,
        use_ssh: true,
        connection_uri: pgUri(schema),
        ssh_settings: { host: "127.0.0.1", port: sshd.port, username: sshd.user, password: "not-the-password" },
      });
      expect(wrong.status()).toBe(400);
      expect(await wrong.json()).toMatchObject({ error_code: "ssh_invalid_database_connection", detail: { use_ssh: true, ssh_settings: { username: sshd.user } } });
      expect(JSON.stringify(await wrong.json())).not.toContain("not-the-password");
    } finally {
      await drop();
    }
  });
});

test("every documented error code, with detail minus secrets, and 422 for body validation", async () => {
  const { schema, drop } = await pgSchema(1);
  const empty = await pgSchema(0);
  try {
    const alias = `dup_${suffix()}`;
    expect((await post("/api/v1/database-connections", { alias, connection_uri: pgUri(schema) })).status()).toBe(201);
    const cases: [unknown, number, string][] = [
      [{ alias, connection_uri: pgUri(schema) }, 400, "db_connection_alias_exists"],
      [{ alias: `bad_${suffix()}`, connection_uri: "postgresql+psycopg2//nope" }, 400, "invalid_database_uri_format"],
      [{ alias: `bad_${suffix()}`, connection_uri: "snowflake://jon:Planted-pw@foobar/db" }, 400, "invalid_database_uri_format"],
      [{ alias: `bad_${suffix()}`, connection_uri: `postgresql+psycopg2://postgres:Planted-pw@127.0.0.1:${await freePort()}/test` }, 400, "invalid_database_connection"],
      [{ alias: `bad_${suffix()}`, connection_uri: "postgresql+psycopg2://postgres@127.0.0.1:5432/no_such_database_xyz" }, 400, "invalid_database_connection"],
      [{ alias: `bad_${suffix()}`, connection_uri: pgUri(empty.schema) }, 400, "empty_database"],
    ];
    for (const [body, status, code] of cases) {
      const res = await post("/api/v1/database-connections", body);
      expect(res.status(), JSON.stringify(body)).toBe(status);
      expect(res.headers()["content-type"]).toBe("application/json");
      const json = await res.json();
      expect(json, JSON.stringify(body)).toMatchObject({ error_code: code, message: expect.any(String), description: expect.any(String), detail: { alias: (body as { alias: string }).alias } });
      expect(JSON.stringify(json)).not.toContain("Planted-pw");
    }
    const missing = await post("/api/v1/database-connections", { use_ssh: false });
    expect(missing.status()).toBe(422);
    const detail = (await missing.json()).detail;
    expect(detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc: ["body", "alias"], msg: "field required" }), expect.objectContaining({ loc: ["body", "connection_uri"] })]));
    const badId = await dh.get("/api/v1/database-connections/not-an-id", { headers: headers() });
    expect([badId.status(), (await badId.json()).error_code]).toEqual([400, "invalid_object_id"]);
    const unknown = await dh.get("/api/v1/database-connections/0123456789abcdef01234567", { headers: headers() });
    expect([unknown.status(), (await unknown.json()).error_code]).toEqual([404, "database_connection_not_found"]);
    const noTable = await dh.get("/api/v1/table-descriptions/0123456789abcdef01234567", { headers: headers() });
    expect([noTable.status(), (await noTable.json()).error_code]).toEqual([404, "table_description_not_found"]);
    expect((await dh.get("/api/v1/database-connections")).status()).toBe(401);
  } finally {
    await drop();
    await empty.drop();
  }
});

test("other dialects' URIs are validated exactly as Dataherald documents them", async () => {
  const good = [
    "mssql+pymssql://admin:123456@foo.rds.amazonaws.com:1433/my-database",
    "databricks://token:abcd1234abcd1234abcd1234abcd1234@foo-bar.cloud.databricks.com?http_path=sql/protocolv1/o/123456/123-1234-abcdabcd&catalog=foobar&schema=default",
    "snowflake://jon:123456@foo-bar/my-database/public",
    "clickhouse+http://jon:123456@foo-bar:8443/my-database?protocol=https",
    "awsathena+rest://foobar:foobar@athena.us-east-2.amazonaws.com:443/db_test?s3_staging_dir=s3://my-bucket/output/&work_group=primary",
    "duckdb:///md:foobar?motherduck_token=abcd1234",
  ];
  const admin = await asAdmin();
  for (const uri of good) {
    const res = await post("/api/v1/database-connections", { alias: `x_${suffix()}`, connection_uri: uri });
    expect(res.status(), `${uri}: ${await res.text()}`).toBe(201);
    const conn = await res.json();
    expect(conn.dialect).toBe(uri.split(/[+:]/)[0]);
    // Accepted and stored; testing says plainly that the driver is not here.
    const tested = await (await admin.post(`/api/connections/${conn.id}/test`, { data: {} })).json();
    expect(tested).toMatchObject({ ok: false, code: "driver_unavailable" });
    expect(tested.message).toContain("driver is not available in this installation");
  }
  const bad = [
    "databricks://user:abcd@host?http_path=x&catalog=y&schema=z",
    "snowflake://jon:123456@foobar/my-database",
    "awsathena+rest://a:b@example.com:443/db?s3_staging_dir=s3://x/",
    "duckdb:///foobar?motherduck_token=x",
    "bigquery://v2-real-estate",
  ];
  for (const uri of bad) {
    const json = await (await post("/api/v1/database-connections", { alias: `x_${suffix()}`, connection_uri: uri })).json();
    expect(json.error_code, uri).toBe("invalid_database_uri_format");
    expect(json.description, uri).toContain("Expected");
  }
});

test("no planted database secret appears in plain text in console.db, the server log or a response", async () => {
  const { schema, drop } = await pgSchema(1);
  const sshd = await startSshd();
  try {
    const res = await post("/api/v1/database-connections", {
      alias: `secret_${suffix()}`,
      use_ssh: true,
      connection_uri: pgUri(schema).replace("postgres@", "postgres:Planted-uri-pw@"),
      llm_api_key: "Planted-llm-key",
      ssh_settings: { host: "127.0.0.1", port: sshd.port, username: sshd.user, password: sshd.password },
      file_storage: { name: "S3", access_key_id: "Planted-access-key", secret_access_key: "Planted-secret-key", region: "us-east-1", bucket: "b" },
    });
    const text = await res.text();
    expect(res.status(), text).toBe(201);
    const id = JSON.parse(text).id;
    const responses = [text, await (await dh.get(`/api/v1/database-connections/${id}`, { headers: headers() })).text(), await (await (await asAdmin()).get(`/api/databases/${id}`)).text()];
    const dir = process.env.E2E_DATA_DIR!;
    const db = ["console.db", "console.db-wal"].filter((f) => fs.existsSync(path.join(dir, f))).map((f) => fs.readFileSync(path.join(dir, f)).toString("latin1")).join("");
    const log = fs.readFileSync(process.env.E2E_LOG_FILE!, "utf8");
    for (const secret of ["Planted-uri-pw", "Planted-llm-key", "Planted-access-key", "Planted-secret-key", sshd.password]) {
      expect(responses.some((r) => r.includes(secret)), secret).toBe(false);
      expect(db.includes(secret), secret).toBe(false);
      expect(log.includes(secret), secret).toBe(false);
    }
  } finally {
    sshd.stop();
    await drop();
  }
});

test("a column the table does not have is refused as the engine refuses it, and nothing is stored", async () => {
  const file = sqliteFile();
  const conn = await (await post("/api/v1/database-connections", { alias: `cols_${suffix()}`, connection_uri: `sqlite:///${file}` })).json();
  const plants = (await (await dh.get(`/api/v1/table-descriptions?db_connection_id=${conn.id}&table_name=plants`, { headers: headers() })).json())[0];
  await post("/api/v1/table-descriptions/sync-schemas", { db_connection_id: conn.id, table_names: ["plants"] });
  await waitForStatus(plants.id, (s) => s === "SCANNED");
  const res = await dh.put(`/api/v1/table-descriptions/${plants.id}`, { headers: headers(), data: { description: "Plants", columns: [{ name: "height", description: "In metres" }, { name: "colour", description: "phantom" }] } });
  expect(res.status()).toBe(400);
  expect(await res.json()).toMatchObject({ error_code: "invalid_column_name", message: "Column colour doesn't exist" });
  const after = await (await dh.get(`/api/v1/table-descriptions/${plants.id}`, { headers: headers() })).json();
  expect(after.columns.map((c: { name: string }) => c.name)).toEqual(["id", "name", "height"]);
  expect(after.description).toBeNull();
  const ok = await dh.put(`/api/v1/table-descriptions/${plants.id}`, { headers: headers(), data: { columns: [{ name: "height", description: "In metres" }] } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).columns.find((c: { name: string }) => c.name === "height").description).toBe("In metres");
});

test("heartbeat answers without credentials, on the engine's path and the hosted API's", async () => {
  for (const url of ["/api/v1/heartbeat", "/heartbeat"]) {
    const res = await dh.get(url);
    expect(res.status(), url).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/json");
    const beat = (await res.json())["nanosecond heartbeat"];
    expect(Math.abs(beat / 1e6 - Date.now())).toBeLessThan(60_000);
  }
});

test("the engine's error codes: unknown scheme, SSH first, empty URI, sync-schemas without a driver", async () => {
  const cases: [unknown, string][] = [
    [{ alias: `foo_${suffix()}`, use_ssh: false, connection_uri: "foo://foo/bar" }, "invalid_database_connection"],
    [{ alias: `foo_${suffix()}`, use_ssh: true, connection_uri: "foo://foo/bar", ssh_settings: { host: "127.0.0.1", username: "u", password: "Planted-pw" } }, "ssh_invalid_database_connection"],
    [{ alias: `foo_${suffix()}`, use_ssh: true, connection_uri: "postgresql+psycopg2//nope" }, "ssh_invalid_database_connection"],
    [{ alias: `empty_${suffix()}`, use_ssh: false, connection_uri: "" }, "invalid_database_uri_format"],
  ];
  for (const [body, code] of cases) {
    const res = await post("/api/v1/database-connections", body);
    expect(res.status(), JSON.stringify(body)).toBe(400);
    const json = await res.json();
    expect(json, JSON.stringify(body)).toMatchObject({ error_code: code, message: expect.any(String), description: expect.any(String) });
    expect(JSON.stringify(json)).not.toContain("Planted-pw");
  }
  const stored = await (await post("/api/v1/database-connections", { alias: `sf_${suffix()}`, connection_uri: "snowflake://jon:123456@foo-bar/my-database/public" })).json();
  const refresh = await post("/api/v1/table-descriptions/refresh", { db_connection_id: stored.id });
  const sync = await post("/api/v1/table-descriptions/sync-schemas", { db_connection_id: stored.id });
  expect([refresh.status(), sync.status()]).toEqual([400, 400]);
  const [r, s] = [await refresh.json(), await sync.json()];
  expect(s.error_code).toBe(r.error_code);
  expect(s.message).toBe(r.message);
});

test("every answer is JSON in Dataherald's envelope: unknown paths and methods on the engine's and the hosted paths", async () => {
  for (const url of ["/api/v1/nope", "/api/v1/database-connections/0123456789abcdef01234567/nope", "/api/database-connections/0123456789abcdef01234567/nope", "/api/table-descriptions/a/b"]) {
    const res = await dh.get(url, { headers: headers() });
    expect(res.status(), url).toBe(404);
    expect(res.headers()["content-type"], url).toBe("application/json");
    expect(await res.json(), url).toMatchObject({ error_code: "not_found", message: expect.any(String), description: expect.any(String), detail: {} });
  }
  const wrongMethod = await dh.delete("/api/database-connections", { headers: headers() });
  expect(wrongMethod.status()).toBe(405);
  expect((await wrongMethod.json()).error_code).toBe("method_not_allowed");
});
