import { expect, test, type APIRequestContext } from "@playwright/test";
import { asAdmin, createToken, signedIn, unique } from "../support/api";
import { expectJson, mysqlLogin, newOwner, pgLogin, PROV_ADMIN, raw, startProvisioningServer, until, type Owner } from "../support/provisioning";
import { startFakeDocker } from "../support/fake-docker";
import type { RunningServer } from "../support/server";

// Keboola's Provisioning API (seed 004) against the local MariaDB (mysql) and PostgreSQL
// (redshift-workspace), the way keboola/provisioning-client, provisioning-r-client and Syrup's job
// client call it. Each test makes its own users, so their sandboxes never meet.

let server: RunningServer;
let admin: APIRequestContext;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startProvisioningServer("provisioning");
  admin = await signedIn(PROV_ADMIN.email, PROV_ADMIN.password, server.baseURL);
});
test.afterAll(async () => server?.stop());

const NOT_FOUND = "Credentials not found.";

test("everything under /provisioning and /queue answers JSON, never HTML or a redirect; no token is a 401 with a message", async () => {
  for (const [method, path] of [["GET", "/provisioning/mysql"], ["POST", "/provisioning/mysql"], ["GET", "/provisioning/mysql/1"], ["POST", "/provisioning/mysql/1/kill"], ["GET", "/queue/job/1"]] as const) {
    const res = await raw(server.baseURL, method, path, {});
    expect(res.status, `${method} ${path}`).toBe(401);
    expect(res.type).toContain("application/json");
    expect(res.json.message, path).toMatch(/token/i);
  }
  const bad = await raw(server.baseURL, "GET", "/provisioning/mysql?type=sandbox", { "X-StorageApi-Token": "sy_not-a-real-token" });
  expect(bad.status).toBe(401);
  expect(typeof bad.json.message).toBe("string");
  const owner = await newOwner(server, admin);
  for (const path of ["/provisioning", "/provisioning/mysql/1/2/3", "/queue", "/queue/jobs/1"]) {
    const res = await owner.root.get(path, { maxRedirects: 0 });
    expect(typeof (await expectJson(res, 404)).message, path).toBe("string");
  }
  const put = await owner.root.put("/provisioning/mysql", { maxRedirects: 0 });
  expect((await expectJson(put, 405)).status).toBe("error");
});

test("get-or-create by GET-404-POST on MariaDB; the credentials log in and create a table; another type is another login", async () => {
  const owner = await newOwner(server, admin);
  const missing = await owner.kb.get("mysql?type=sandbox");
  expect((await expectJson(missing, 404)).message).toBe(NOT_FOUND);
  const created = await expectJson(await owner.kb.post("mysql", { data: { type: "sandbox" } }), 201);
  expect(created).toMatchObject({ id: expect.any(String), status: "ok", url: `mysql/${created.id}`, touch: expect.any(String), expiration: expect.any(String) });
  expect(created.credentials).toMatchObject({ id: created.id, hostname: "127.0.0.1", port: 3306, db: expect.any(String), user: expect.any(String), password: expect.any(String), workspaceId: expect.any(String) });
  expect(created.credentials).toHaveProperty("schema");
  expect(created.credentials).toHaveProperty("warehouse");
  expect(created.credentials.password.length).toBeGreaterThanOrEqual(20);

  const got = await expectJson(await owner.kb.get("mysql?type=sandbox"), 200);
  expect(got).toMatchObject({ id: created.id, credentials: created.credentials, touch: created.touch, inUse: false, canExtend: true, status: "ok" });
  const byId = await expectJson(await owner.kb.get(`mysql/${created.id}`), 200);
  expect(byId.credentials).toEqual(created.credentials);

  const conn = await mysqlLogin(created.credentials);
  await conn.query("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))");
  await conn.query("INSERT INTO t VALUES (1, 'one')");
  const [rows] = await conn.query("SELECT name FROM t");
  expect(rows).toEqual([{ name: "one" }]);
  // Grants on its own database only.
  await expect(conn.query("CREATE DATABASE sy_not_mine_" + Date.now())).rejects.toThrow(/denied/i);
  await conn.end();

  const transformations = await expectJson(await owner.kb.post("mysql", { data: {} }), 201);
  expect(transformations.id).not.toBe(created.id);
  expect(transformations.credentials.user).not.toBe(created.credentials.user);
  for (const id of [created.id, transformations.id]) expect(await expectJson(await owner.kb.delete(`mysql/${id}`), 200)).toEqual({ status: "ok" });
});

test("POST twice on redshift-workspace (PostgreSQL) gives identical credentials; the login owns its schema", async () => {
  const owner = await newOwner(server, admin);
  const first = await expectJson(await owner.kb.post("redshift-workspace", { data: { type: "writer" } }), 201);
  const second = await expectJson(await owner.kb.post("redshift-workspace", { data: { type: "writer" } }), 200);
  expect(second.credentials).toEqual(first.credentials);
  expect(second.id).toBe(first.id);
  expect(second.touch).toBe(first.touch);
  expect(first.credentials).toMatchObject({ hostname: "127.0.0.1", port: 5432, db: "test", schema: expect.stringMatching(/^sy_writ_/) });
  const client = await pgLogin(first.credentials);
  await client.query("CREATE TABLE items (id int, name text)");
  await client.query("INSERT INTO items VALUES (1, 'x')");
  expect((await client.query(`SELECT count(*)::int AS n FROM ${first.credentials.schema}.items`)).rows).toEqual([{ n: 1 }]);
  await expect(client.query("CREATE TABLE public.not_mine (id int)")).rejects.toThrow(/permission denied/);
  expect((await expectJson(await owner.kb.get(`redshift-workspace/${first.id}`), 200)).inUse).toBe(true);
  expect(await expectJson(await owner.kb.post(`redshift-workspace/${first.id}/kill`), 200)).toEqual({ status: "ok" });
  await expect(client.query("SELECT 1")).rejects.toThrow();
  await client.end().catch(() => {});
  expect(await expectJson(await owner.kb.delete(`redshift-workspace/${first.id}`), 200)).toEqual({ status: "ok" });
});

test("inUse while a session is open; kill ends it (no body, X-KBC-RunId recorded); extend moves touch (no body)", async () => {
  const owner = await newOwner(server, admin);
  const c = await expectJson(await owner.kb.post("mysql", { data: { type: "transformations" } }), 201);
  const conn = await mysqlLogin(c.credentials);
  await conn.query("SELECT 1");
  expect((await expectJson(await owner.kb.get(`mysql/${c.id}`), 200)).inUse).toBe(true);
  const runId = unique("run");
  const killed = await raw(server.baseURL, "POST", `/provisioning/mysql/${c.id}/kill`, { "X-StorageApi-Token": owner.token, "X-KBC-RunId": runId });
  expect(killed).toMatchObject({ status: 200, json: { status: "ok" } });
  await expect(conn.query("SELECT 1")).rejects.toThrow();
  conn.destroy();
  await until(async () => ((await (await owner.kb.get(`mysql/${c.id}`)).json()).inUse === false ? true : undefined), 15_000, "inUse false");
  const audit = await (await admin.get(`/api/audit?action=provisioning.kill&pageSize=50`)).json();
  expect(JSON.stringify(audit.events)).toContain(runId);

  const extended = await raw(server.baseURL, "POST", `/provisioning/mysql/${c.id}/extend`, { "X-StorageApi-Token": owner.token });
  expect(extended.status).toBe(200);
  expect(extended.json).toMatchObject({ id: c.id, touch: expect.any(String) });
  expect(extended.json).not.toHaveProperty("credentials");
  expect(Number(extended.json.touch)).toBeGreaterThan(Number(c.touch));
  expect((await owner.kb.get(`mysql/${c.id}`).then((r) => r.json())).touch).toBe(extended.json.touch);

  // A Redshift workspace cannot be extended, as Keboola's own tests expect.
  const ws = await expectJson(await owner.kb.post("redshift-workspace", { data: {} }), 201);
  const refused = await expectJson(await owner.kb.post(`redshift-workspace/${ws.id}/extend`), 400);
  expect(refused).toMatchObject({ status: "warning", message: "The sandbox cannot be extended." });
  for (const [b, id] of [["mysql", c.id], ["redshift-workspace", ws.id]]) await owner.kb.delete(`${b}/${id}`);
});

test("drop removes the login and its database or schema: logins fail and the next get-or-create gives new credentials", async () => {
  const owner = await newOwner(server, admin);
  const m = await expectJson(await owner.kb.post("mysql", { data: { type: "sandbox" } }), 201);
  const open = await mysqlLogin(m.credentials);
  expect(await expectJson(await owner.kb.delete(`mysql/${m.id}`), 200)).toEqual({ status: "ok" });
  await expect(open.query("SELECT 1")).rejects.toThrow();
  open.destroy();
  await expect(mysqlLogin(m.credentials)).rejects.toThrow(/denied/i);
  const root = await mysqlLogin({ ...m.credentials, user: "root", password: "", db: "" } as never).catch(() => null);
  if (root) {
    const [dbs] = await root.query("SHOW DATABASES LIKE ?", [m.credentials.db]);
    expect(dbs).toEqual([]);
    await root.end();
  }
  expect((await expectJson(await owner.kb.get("mysql?type=sandbox"), 404)).message).toBe(NOT_FOUND);
  const again = await expectJson(await owner.kb.post("mysql", { data: { type: "sandbox" } }), 201);
  expect(again.id).not.toBe(m.id);
  expect(again.credentials.user).not.toBe(m.credentials.user);
  await owner.kb.delete(`mysql/${again.id}`);

  const r = await expectJson(await owner.kb.post("redshift-workspace", { data: { type: "sandbox" } }), 201);
  await (await pgLogin(r.credentials)).end();
  expect(await expectJson(await owner.kb.delete(`redshift-workspace/${r.id}`), 200)).toEqual({ status: "ok" });
  await expect(pgLogin(r.credentials)).rejects.toThrow(/does not exist|authentication/i);
});

test("an unknown id is 404 'Credentials not found.' on GET, DELETE, kill and extend; another user's token too; an admin sees all", async () => {
  const owner = await newOwner(server, admin);
  const stranger = await newOwner(server, admin);
  for (const res of [await owner.kb.get("mysql/999999999"), await owner.kb.delete("mysql/999999999"), await owner.kb.post("mysql/999999999/kill"), await owner.kb.post("mysql/999999999/extend"), await owner.kb.get("mysql/not-a-number")]) {
    expect((await expectJson(res, 404)).message).toBe(NOT_FOUND);
  }
  const mine = await expectJson(await owner.kb.post("mysql", { data: {} }), 201);
  for (const res of [await stranger.kb.get(`mysql/${mine.id}`), await stranger.kb.delete(`mysql/${mine.id}`), await stranger.kb.post(`mysql/${mine.id}/kill`), await stranger.kb.post(`mysql/${mine.id}/extend`), await owner.kb.get(`redshift-workspace/${mine.id}`)]) {
    expect((await expectJson(res, 404)).message).toBe(NOT_FOUND);
  }
  // The stranger's own get-or-create is its own.
  expect((await expectJson(await stranger.kb.get("mysql?type=transformations"), 404)).message).toBe(NOT_FOUND);
  const boss = await newOwner(server, admin, "admin");
  expect((await expectJson(await boss.kb.get(`mysql/${mine.id}`), 200)).credentials.user).toBe(mine.credentials.user);
  expect(await expectJson(await boss.kb.delete(`mysql/${mine.id}`), 200)).toEqual({ status: "ok" });
});

test("400s: an unconfigured or unknown backend, a type the backend does not allow, Snowflake without a reachable account, sync docker", async () => {
  const owner = await newOwner(server, admin);
  expect((await expectJson(await owner.kb.post("nope", { data: {} }), 400)).message).toBe("'nope' not found.");
  expect((await expectJson(await owner.kb.get("nope/1"), 400)).message).toBe("'nope' not found.");
  const type = await expectJson(await owner.kb.post("mysql", { data: { type: "writer" } }), 400);
  expect(type.message).toContain("transformations, sandbox");
  expect((await expectJson(await owner.kb.get("mysql?type=luckyguess"), 400)).message).toContain("transformations, sandbox");
  expect((await expectJson(await owner.kb.post("snowflake", { data: {} }), 400)).message).toMatch(/Snowflake account 'xy12345'/);
  expect((await expectJson(await owner.kb.post("docker", { data: { type: "rstudio" } }), 400)).message).toMatch(/async/);
  // The suite's server has no backend configured: Keboola's own words.
  const suite = await asAdmin();
  const { token } = await createToken(suite, { name: unique("kb") });
  for (const backend of ["mysql", "redshift-workspace", "snowflake"]) {
    const res = await raw(process.env.E2E_BASE_URL!, "POST", `/provisioning/${backend}`, { "X-StorageApi-Token": token, "content-type": "application/json" }, "{}");
    expect(res, backend).toMatchObject({ status: 400, json: { message: `'${backend}' not found.`, status: "error" } });
  }
  // A viewer's token may not create sandboxes: 403, in Keboola's envelope.
  const viewer = await newOwner(server, admin, "viewer");
  expect((await expectJson(await viewer.kb.post("mysql", { data: {} }), 403)).message).toMatch(/editor/);
});

test("bodies are JSON whatever the Content-Type: none, text/plain, and PHP's [] for an empty body", async () => {
  const owner = await newOwner(server, admin);
  const h = { "X-StorageApi-Token": owner.token };
  const none = await raw(server.baseURL, "POST", "/provisioning/mysql", h, JSON.stringify({ type: "sandbox" }));
  expect(none.status).toBe(201);
  const plain = await raw(server.baseURL, "POST", "/provisioning/mysql", { ...h, "content-type": "text/plain" }, JSON.stringify({ type: "sandbox" }));
  expect(plain.status).toBe(200);
  expect(plain.json.id).toBe(none.json.id);
  const empty = await raw(server.baseURL, "POST", "/provisioning/mysql", h, "[]");
  expect(empty.status).toBe(201);
  expect(empty.json.id).not.toBe(none.json.id);
  const broken = await raw(server.baseURL, "POST", "/provisioning/mysql", h, "{not json");
  expect(broken).toMatchObject({ status: 400, json: { status: "error", message: expect.stringMatching(/JSON/) } });
  for (const id of [none.json.id, empty.json.id]) expect((await raw(server.baseURL, "DELETE", `/provisioning/mysql/${id}`, h)).json).toEqual({ status: "ok" });
});

async function pollJob(owner: Owner, id: number) {
  return until(async () => {
    const job = await expectJson(await owner.root.get(`/queue/job/${id}`), 200);
    return ["success", "error", "cancelled"].includes(job.status) ? job : undefined;
  }, 30_000, `job ${id}`);
}

test("async docker actions: a 202 with /queue/job/{id}, polled at the host root to status error without DOCKER_HOST", async () => {
  const owner = await newOwner(server, admin);
  const runId = unique("run");
  const accepted = await raw(server.baseURL, "POST", "/provisioning/async/docker", { "X-StorageApi-Token": owner.token, "X-KBC-RunId": runId }, JSON.stringify({ type: "rstudio", input: [] }));
  expect(accepted).toMatchObject({ status: 202, json: { id: expect.any(Number), status: "waiting", url: `${server.baseURL}/queue/job/${accepted.json.id}` } });
  const job = await pollJob(owner, accepted.json.id);
  expect(job).toMatchObject({ id: accepted.json.id, runId, component: "keboola-provisioning-bundle", command: "create", params: { backend: "docker", type: "rstudio", input: [] }, status: "error" });
  expect(job.result.message).toMatch(/container engine.*DOCKER_HOST/);

  const t = await expectJson(await owner.kb.post("async/docker/transformation", { data: { transformation: { config_id: "12345", config_version: "4", row_id: "6789" } } }), 202);
  expect((await pollJob(owner, t.id)).params.transformation).toEqual({ config_id: "12345", config_version: "4", row_id: "6789" });
  const missing = await expectJson(await owner.kb.post("async/docker/transformation", { data: { transformation: { config_id: "1", config_version: "2" } } }), 400);
  expect(missing.message).toContain("row_id");
  expect((await expectJson(await owner.kb.post("async/docker", { data: { type: "mysql" } }), 400)).message).toContain("jupyter, rstudio");
  expect((await expectJson(await owner.kb.post("async/mysql", { data: { type: "rstudio" } }), 400)).message).toMatch(/no async actions/);
  expect((await expectJson(await owner.kb.delete("async/docker/999999999", { data: [] }), 404)).message).toBe(NOT_FOUND);
  // Another user's job is not there for them.
  const stranger = await newOwner(server, admin);
  await expectJson(await stranger.root.get(`/queue/job/${accepted.json.id}`), 404);
});

test("a backend server that cannot be reached is a 503 with a short Retry-After, never a client error's 5xx", async () => {
  const owner = await newOwner(server, admin);
  const blank = { mysqlUrl: "", redshiftUrl: "", snowflake: { account: "", user: "", password: "", warehouse: "" }, dockerHost: "" };
  // Nothing listens on port 1; the setting wins over the server's environment, and is put back.
  expect((await admin.put("/api/settings/provisioning", { data: { ...blank, mysqlUrl: "mysql://root@127.0.0.1:1" } })).status()).toBe(200);
  try {
    const res = await owner.kb.post("mysql", { data: { type: "sandbox" } });
    expect((await expectJson(res, 503)).message).toMatch(/mysql backend/);
    expect(Number(res.headers()["retry-after"])).toBeGreaterThan(0);
    expect(Number(res.headers()["retry-after"])).toBeLessThanOrEqual(10);
    expect((await expectJson(await owner.kb.get("mysql?type=sandbox"), 404)).message).toBe(NOT_FOUND);
  } finally {
    expect((await admin.put("/api/settings/provisioning", { data: blank })).status()).toBe(200);
  }
  expect((await expectJson(await owner.kb.post("mysql", { data: { type: "sandbox" } }), 201)).credentials.port).toBe(3306);
});

test("with a container engine (DOCKER_HOST), an async create starts an RStudio container; a second create reuses it; extend and an async drop", async () => {
  const engine = await startFakeDocker();
  const owner = await newOwner(server, admin);
  const blank = { mysqlUrl: "", redshiftUrl: "", snowflake: { account: "", user: "", password: "", warehouse: "" }, dockerHost: "" };
  expect((await admin.put("/api/settings/provisioning", { data: { ...blank, dockerHost: engine.url } })).status()).toBe(200);
  try {
    const first = await expectJson(await owner.kb.post("async/docker", { data: { type: "rstudio" } }), 202);
    const job = await pollJob(owner, first.id);
    expect(job, JSON.stringify(job)).toMatchObject({ status: "success", command: "create", result: { status: "ok", credentials: { id: expect.any(String), hostname: "127.0.0.1", port: expect.any(Number), user: "rstudio" }, url: `docker/${job.result.credentials.id}` } });
    expect(job.result.credentials).not.toHaveProperty("password");
    const c = await expectJson(await owner.kb.get(`docker/${job.result.credentials.id}`), 200);
    expect(c.credentials).toMatchObject({ hostname: "127.0.0.1", port: job.result.credentials.port, user: "rstudio", password: expect.any(String) });
    const [container] = [...engine.containers.values()];
    expect(container.env).toContain(`PASSWORD=${c.credentials.password}`);
    expect(await (await fetch(`http://${c.credentials.hostname}:${c.credentials.port}/`)).text()).toContain("RStudio");

    const again = await pollJob(owner, (await expectJson(await owner.kb.post("async/docker", { data: { type: "rstudio" } }), 202)).id);
    expect(again.result.credentials.id).toBe(c.id);
    expect(engine.containers.size).toBe(1);
    const extended = await expectJson(await owner.kb.post(`docker/${c.id}/extend`), 200);
    expect(Number(extended.touch)).toBeGreaterThan(Number(c.touch));
    expect((await expectJson(await owner.kb.delete(`docker/${c.id}`), 400)).message).toMatch(/async/);

    const drop = await expectJson(await owner.kb.delete(`async/docker/${c.id}`, { data: [] }), 202);
    expect(await pollJob(owner, drop.id)).toMatchObject({ status: "success", command: "delete", params: { backend: "docker", id: c.id }, result: { status: "ok" } });
    expect(engine.containers.size).toBe(0);
    await expect(fetch(`http://${c.credentials.hostname}:${c.credentials.port}/`)).rejects.toThrow();
    expect((await expectJson(await owner.kb.get(`docker/${c.id}`), 404)).message).toBe(NOT_FOUND);
  } finally {
    expect((await admin.put("/api/settings/provisioning", { data: blank })).status()).toBe(200);
    await engine.close();
  }
});
