import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { admin, asAdmin, bare, createToken, createUser, signedIn } from "../support/api";
import { pgSchema, sqliteFile, suffix } from "../support/databases";

// Issue 9, item 8: secrets with "@", ":", "/" and "%40" in them, pwd= and ;password= parameters,
// JDBC user:password@ and nested Custom Auth body values are planted through every surface, then
// every list, detail and error answer is read as admin and as viewer, with the console's pages
// and the raw bytes of DATA_DIR's files: no planted value may appear anywhere.

const writeHeaders = (token: string) => ({ "x-api-key": token, "Content-Type": "application/json", accept: "application/json" });

test("no planted connection secret appears in any answer, page, error detail or DATA_DIR file", async () => {
  test.setTimeout(90_000);
  const adminCtx = await asAdmin();
  const { token } = await createToken(adminCtx, { role: "admin" });
  const api = await bare();
  const h = writeHeaders(token);
  const viewer = await createUser(adminCtx, "viewer");
  const viewerCtx = await signedIn(viewer.email, viewer.password);
  const zd = await bare(`${process.env.E2E_BASE_URL}/zoomdata/`);
  const basic = { Authorization: `Basic ${Buffer.from(`${admin().email}:${admin().password}`).toString("base64")}`, "Content-Type": "application/json" };

  const id = suffix();
  // Distinct values per place, each long enough to be recognised wherever it lands. The "@" and
  // ":" parts are planted too, since the old regex showed what followed a password's first "@".
  const planted = {
    dhAt: `Dh${id}@AtTail${id}`,
    dhErr: `DhErr${id}@ErrTail${id}`,
    dhSlash: `DhSl${id}:Colon${id}/Slash${id}`,
    jdbcUserinfo: `Jd${id}@JdTail${id}`,
    jdbcProp: `JdProp${id}`,
    jdbcPwd: `JdPwd${id}`,
    druidKey: `DruidKey${id}`,
    druidSock: `DruidSock${id}`,
    restNested: `RestNested${id}`,
    restHeader: `RestHeader${id}`,
  };
  const tails = [`AtTail${id}`, `ErrTail${id}`, `Colon${id}`, `Slash${id}`, `JdTail${id}`];
  const responses: string[] = [];
  const keep = async (p: Promise<{ status(): number; text(): Promise<string> }>, label: string) => {
    const r = await p;
    const text = await r.text();
    responses.push(`${label}\n${text}`);
    return { status: r.status(), text };
  };

  const { schema, drop } = await pgSchema(1);
  try {
    // Dataherald: PostgreSQL here trusts every client, so a password with "@" still connects.
    const dh = await keep(
      api.post("/api/v1/database-connections", { headers: h, data: { alias: `dh_at_${id}`, use_ssh: false, connection_uri: `postgresql+psycopg2://postgres:${planted.dhAt}@127.0.0.1:5432/test?options=-csearch_path=${schema}` } }),
      "dataherald create",
    );
    expect(dh.status, dh.text).toBe(201);
    const dhId = JSON.parse(dh.text).id as string;
    // Error details: a refused connection and an unparseable URI, both quoting the request.
    const refused = await keep(api.post("/api/v1/database-connections", { headers: h, data: { alias: `dh_err_${id}`, connection_uri: `postgresql+psycopg2://postgres:${planted.dhErr}@127.0.0.1:1/test` } }), "dataherald refused");
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).detail.connection_uri).toBe("postgresql+psycopg2://postgres:••••@127.0.0.1:1/test");
    const broken = await keep(api.post("/api/v1/database-connections", { headers: h, data: { alias: `dh_bad_${id}`, connection_uri: `postgresql+psycopg2://postgres:${planted.dhSlash}@127.0.0.1:5432/test` } }), "dataherald broken");
    // Whether it connects depends on what public holds; either way it answers without a 5xx.
    expect(broken.status).toBeLessThan(500);

    // Zoomdata JDBC: user:password@ in the URL, and ;password= / pwd= properties.
    const jd1 = await keep(
      // Tested when created: this PostgreSQL trusts every client, so the planted password connects.
      zd.post("service/connections", { headers: basic, data: { connectionTypeId: "SQL_POSTGRESQL", name: `zd_ui_${id}`, type: "SQL", parameters: { JDBC_URL: `jdbc:postgresql://postgres:${planted.jdbcUserinfo}@127.0.0.1:5432/test`, USER_NAME: "postgres" } } }),
      "zoomdata userinfo",
    );
    expect(jd1.status, jd1.text).toBe(201);
    expect(JSON.parse(jd1.text).parameters.JDBC_URL).toBe("jdbc:postgresql://postgres:••••@127.0.0.1:5432/test");
    const jd2 = await keep(
      zd.post("service/connections", { headers: basic, data: { connectionTypeId: "SQL_POSTGRESQL", name: `zd_prop_${id}`, type: "SQL", parameters: { JDBC_URL: `jdbc:postgresql://127.0.0.1:5432/test;password=${planted.jdbcProp}?pwd=${planted.jdbcPwd}&ssl=false`, USER_NAME: "postgres" } } }),
      "zoomdata properties",
    );
    expect(jd2.status, jd2.text).toBe(201);
    const jdIds = [JSON.parse(jd1.text).id, JSON.parse(jd2.text).id] as string[];

    // Druid through the native API, REST Custom Auth with a nested secret body value.
    const druid = await keep(api.post("/api/druid-connections", { headers: h, data: { name: `druid_${id}`, queryHosts: ["127.0.0.1:9"], protocol: "tls-ca", key: planted.druidKey, sockPassword: planted.druidSock } }), "druid create");
    expect(druid.status, druid.text).toBe(201);
    const druidId = JSON.parse(druid.text).id as string;
    const rest = await keep(
      api.post("/api/connections", {
        headers: h,
        data: {
          name: `rest_nested_${id}`,
          authType: "custom",
          authUrl: "http://127.0.0.1:9/token",
          method: "POST",
          headers: [{ key: "X-Api-Key", value: planted.restHeader, secret: true }],
          body: JSON.stringify({ client_id: "x", auth: { user: "u", password: planted.restNested } }),
          secretBodyKeys: ["auth.password"],
        },
      }),
      "rest create",
    );
    expect(rest.status, rest.text).toBe(201);
    const restOut = JSON.parse(rest.text);
    expect(restOut.secretBodyKeys).toEqual(["auth.password"]);
    expect(JSON.parse(restOut.body)).toEqual({ client_id: "x", auth: { user: "u", password: "••••••••" } });

    // Every read, as admin and as viewer.
    const reads = (ctx: APIRequestContext, who: string) => [
      keep(ctx.get("/api/connections"), `${who} connections`),
      keep(ctx.get(`/api/connections/${restOut.id}`), `${who} rest`),
      keep(ctx.get(`/api/druid-connections/${druidId}`), `${who} druid`),
      keep(ctx.get("/api/druid-connections"), `${who} druid list`),
      keep(ctx.get("/api/databases"), `${who} databases`),
      keep(ctx.get(`/api/databases/${dhId}`), `${who} dh`),
      ...jdIds.map((j) => keep(ctx.get(`/api/databases/${j}`), `${who} jdbc`)),
      keep(ctx.get("/connections"), `${who} connections page`),
      keep(ctx.get("/databases"), `${who} databases page`),
      keep(ctx.get(`/databases/${dhId}`), `${who} database page`),
    ];
    for (const r of await Promise.all([...reads(adminCtx, "admin"), ...reads(viewerCtx, "viewer")])) expect(r.status).toBeLessThan(500);
    await keep(api.get("/api/v1/database-connections", { headers: h }), "dataherald list");
    await keep(api.get(`/api/v1/database-connections/${dhId}`, { headers: h }), "dataherald get");
    await keep(api.get("/api/v1/connections", { headers: { "x-imply-api-token": token } }), "pivot list");
    await keep(zd.get("service/connections", { headers: basic }), "zoomdata list");
    for (const j of jdIds) await keep(zd.get(`service/connections/${j}`, { headers: basic }), "zoomdata get");
    await keep(adminCtx.get("/api/audit?pageSize=200"), "audit");
    const shown = JSON.parse(responses.find((r) => r.startsWith("admin dh\n"))!.slice("admin dh\n".length));
    expect(shown.uri).toBe(`postgresql+psycopg2://postgres:••••@127.0.0.1:5432/test?options=-csearch_path=${schema}`);
  } finally {
    await drop();
  }

  const dir = process.env.E2E_DATA_DIR!;
  const files = fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
  const bytes = files.map((f) => fs.readFileSync(f).toString("latin1")).join("\n");
  const log = fs.readFileSync(process.env.E2E_LOG_FILE!, "utf8");
  for (const secret of [...Object.values(planted), ...tails]) {
    expect(bytes.includes(secret), `a DATA_DIR file contains ${secret}`).toBe(false);
    expect(log.includes(secret), `the server log contains ${secret}`).toBe(false);
    const hit = responses.find((r) => r.includes(secret));
    expect(hit, `an answer contains ${secret}: ${hit?.split("\n")[0]}`).toBeUndefined();
  }
});

test("a hard link or a symlink to console.db (or, on PostgreSQL, the key file) in the SQLite folder is refused", async () => {
  const { token } = await createToken(await asAdmin(), { role: "admin" });
  const api = await bare();
  const dir = process.env.E2E_SQLITE_DIR!;
  const hard = `hard_${suffix()}.db`;
  const soft = `soft_${suffix()}.db`;
  // A file of DATA_DIR either store has: the store's own file on the embedded one.
  const own = path.join(process.env.E2E_DATA_DIR!, process.env.E2E_DATABASE_URL ? "secret.key" : "console.db");
  fs.linkSync(own, path.join(dir, hard));
  fs.symlinkSync(own, path.join(dir, soft));
  try {
    for (const file of [hard, soft]) {
      const res = await api.post("/api/v1/database-connections", { headers: writeHeaders(token), data: { alias: `link_${suffix()}`, connection_uri: `sqlite:///${file}` } });
      expect(res.status(), await res.text()).toBe(400);
      expect((await res.json()).description).toMatch(/own data (files|folder)/);
    }
    // An ordinary file of the folder still opens.
    const ok = await api.post("/api/v1/database-connections", { headers: writeHeaders(token), data: { alias: `plain_${suffix()}`, connection_uri: `sqlite:///${sqliteFile()}` } });
    expect(ok.status(), await ok.text()).toBe(201);
  } finally {
    fs.rmSync(path.join(dir, hard), { force: true });
    fs.rmSync(path.join(dir, soft), { force: true });
  }
});
