import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import YAML from "yaml";
import { signedIn } from "../support/api";
import { switchyard } from "../support/cli";
import { mariaDatabase, pgClient, suffix } from "../support/databases";
import { createConnection, createFeed, loadRun, logText, type Run } from "../support/feeds";
import { startServer, tempDataDir, type RunningServer } from "../support/server";

// Issue 15, item 3: secret references ($__env{NAME}, $__file{/path}). A database connection's
// password and the warehouse's password given as references are resolved when used (a connection
// test, table listing, a load run), stored as written, shown as written, and their values appear
// in no response, run log, server log or byte of the data directory.

const ADMIN = { email: "admin@refs.test", password: "Refs-admin-pw-81!" };
const id = suffix();
// The values the references stand for: planted, so that finding one anywhere is a leak.
const ENV_PW = `Refs-env-Planted-${id}`;
const FILE_PW = `Refs-file-Planted-${id}`;
const WH_PW = `Refs-wh-Planted-${id}`;
const PLANTED = [ENV_PW, FILE_PW, WH_PW];
const ENV_REF = "$__env{REFS_E2E_DB_PASSWORD}";

let server: RunningServer;
let secretsDir: string;
let admin: APIRequestContext;
let maria: Awaited<ReturnType<typeof mariaDatabase>>;
const users = { env: `sy_refs_env_${id}`, file: `sy_refs_file_${id}` };
const seen: string[] = [];
let fileRef: string;
let whRef: string;
let envConnId = "";
let fileConnId = "";

/** Every answer's text is kept: at the end none may hold a planted value. */
async function read(res: APIResponse): Promise<{ status: number; body: Record<string, unknown> & { error?: { message: string; fields?: Record<string, string> } } }> {
  const text = await res.text();
  seen.push(text);
  let body = {};
  try {
    body = JSON.parse(text);
  } catch {
    // a YAML export, kept as text
  }
  return { status: res.status(), body };
}

const mariaUri = (user: string, password: string) => `mysql+pymysql://${user}:${password}@127.0.0.1:3306/${maria.database}`;

/**
 * A loopback stand-in for the warehouse's PostgreSQL that asks the client for its password in
 * clear text and records it, then relays the session to the local PostgreSQL (which trusts every
 * client, so it could not tell a right password from a wrong one by itself).
 */
async function passwordRecordingPostgres(): Promise<{ port: number; passwords: string[]; close: () => Promise<void> }> {
  const passwords: string[] = [];
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((client) => {
    sockets.add(client);
    let buf = Buffer.alloc(0);
    let startup: Buffer | null = null;
    let relaying = false;
    client.on("error", () => client.destroy());
    client.on("data", (chunk) => {
      if (relaying) return;
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (!startup) {
          if (buf.length < 8 || buf.length < buf.readInt32BE(0)) return;
          const msg = buf.subarray(0, buf.readInt32BE(0));
          buf = buf.subarray(msg.length);
          if (msg.readInt32BE(4) === 80877103) {
            client.write("N"); // no TLS
            continue;
          }
          startup = Buffer.from(msg);
          const ask = Buffer.alloc(9);
          ask.write("R");
          ask.writeInt32BE(8, 1);
          ask.writeInt32BE(3, 5); // AuthenticationCleartextPassword
          client.write(ask);
          continue;
        }
        if (buf.length < 5 || buf.length < 1 + buf.readInt32BE(1)) return;
        passwords.push(buf.subarray(5, 1 + buf.readInt32BE(1)).toString("utf8").replace(/\0$/, ""));
        relaying = true;
        const upstream = net.connect(5432, "127.0.0.1");
        sockets.add(upstream);
        upstream.on("error", () => client.destroy());
        upstream.write(startup);
        client.pipe(upstream);
        upstream.pipe(client);
        return;
      }
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  return {
    port: (srv.address() as net.AddressInfo).port,
    passwords,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        srv.close(() => resolve());
      }),
  };
}

let provisioningDir: string;
const serverEnv = () => ({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, REFS_E2E_DB_PASSWORD: ENV_PW, SECRETS_DIR: secretsDir, PROVISIONING_DIR: provisioningDir });

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  secretsDir = tempDataDir("refs-secrets");
  fs.writeFileSync(path.join(secretsDir, "db_password"), `${FILE_PW}\n`);
  fs.writeFileSync(path.join(secretsDir, "wh_password"), `${WH_PW}\n`);
  fileRef = `$__file{${path.join(secretsDir, "db_password")}}`;
  whRef = `$__file{${path.join(secretsDir, "wh_password")}}`;
  maria = await mariaDatabase();
  // A provisioning folder's connection whose password is a reference, written in the bundle itself.
  provisioningDir = tempDataDir("refs-provisioning");
  fs.writeFileSync(path.join(provisioningDir, "refs.yaml"), YAML.stringify({ version: 1, connections: [{ name: `refs_prov_${id}`, kind: "database", uri: mariaUri(users.file, fileRef) }] }));
  for (const [user, pw] of [[users.env, ENV_PW], [users.file, FILE_PW]]) {
    await maria.conn.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${pw}'`);
    await maria.conn.query(`GRANT ALL ON ${maria.database}.* TO '${user}'@'%'`);
  }
  server = await startServer({ label: "refs", env: serverEnv() });
  admin = await signedIn(ADMIN.email, ADMIN.password, server.baseURL);
});

test.afterAll(async () => {
  await server?.stop();
  if (maria) {
    for (const user of Object.values(users)) await maria.conn.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await maria.drop();
  }
});

test("a database connection's password from $__env and $__file: tested, its tables listed, shown as the reference", async () => {
  test.setTimeout(90_000);
  // The server checks passwords: a wrong one is refused, so a connection that works used the real one.
  const wrong = await read(await admin.post("/api/databases", { data: { alias: `refs_wrong_${id}`, connection_uri: mariaUri(users.env, "not-the-password") } }));
  expect(wrong.status).toBe(422);

  const env = await read(await admin.post("/api/databases", { data: { alias: `refs_env_${id}`, connection_uri: mariaUri(users.env, ENV_REF) } }));
  expect(env.status, JSON.stringify(env.body)).toBe(201);
  envConnId = env.body.id as string;
  expect(env.body).toMatchObject({ uri: mariaUri(users.env, ENV_REF), secretRefs: { password: ENV_REF }, lastTest: { ok: true } });

  const file = await read(await admin.post("/api/databases", { data: { alias: `refs_file_${id}`, connection_uri: mariaUri(users.file, fileRef) } }));
  expect(file.status, JSON.stringify(file.body)).toBe(201);
  fileConnId = file.body.id as string;
  expect(file.body).toMatchObject({ secretRefs: { password: fileRef } });

  for (const connId of [envConnId, fileConnId]) {
    const tested = await read(await admin.post(`/api/databases/${connId}/test`, { data: {} }));
    expect(tested.body, JSON.stringify(tested.body)).toMatchObject({ ok: true });
    const tables = await read(await admin.get(`/api/databases/${connId}/tables`));
    expect(JSON.stringify(tables.body)).toContain("customers");
  }
  // Dataherald's and Zoomdata's views of the same rows show the reference, not a value.
  const dh = await read(await admin.get("/api/v1/database-connections"));
  expect(JSON.stringify(dh.body)).not.toContain("Planted");

  // Saving it back as shown keeps the reference (the list shows it without decrypting anything).
  const again = await read(await admin.put(`/api/databases/${envConnId}`, { data: { alias: `refs_env_${id}`, connection_uri: env.body.uri } }));
  expect(again.status, JSON.stringify(again.body)).toBe(200);
  const list = await read(await admin.get(`/api/databases?q=refs_env_${id}`));
  expect((list.body.databases as { secretRefs: unknown }[])[0].secretRefs).toEqual({ password: ENV_REF });
});

test("a provisioning folder's reference and an import secrets file's reference resolve where used", async () => {
  test.setTimeout(60_000);
  let prov: { id: string; secretRefs: Record<string, string> } | undefined;
  await expect.poll(async () => (prov = ((await read(await admin.get(`/api/databases?q=refs_prov_${id}`))).body.databases as (typeof prov)[])[0])?.secretRefs, { timeout: 30_000 }).toEqual({ password: fileRef });
  expect((await read(await admin.post(`/api/databases/${prov!.id}/test`, { data: {} }))).body).toMatchObject({ ok: true });

  const name = `refs_import_${id}`;
  const imported = await read(
    await admin.post("/api/import", {
      data: { bundle: { version: 1, connections: [{ name, kind: "database", uri: mariaUri(users.env, "••••"), secrets: ["password"] }] }, secrets: { connections: { [name]: { password: ENV_REF } } } },
    }),
  );
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  const got = ((await read(await admin.get(`/api/databases?q=${name}`))).body.databases as { id: string; secretRefs: unknown }[])[0];
  expect(got.secretRefs).toEqual({ password: ENV_REF });
  expect((await read(await admin.post(`/api/databases/${got.id}/test`, { data: {} }))).body).toMatchObject({ ok: true });
});

test("a reference that cannot be resolved fails the test, naming it; one the server refuses is a 422", async () => {
  test.setTimeout(60_000);
  const unset = await read(await admin.post("/api/databases", { data: { alias: `refs_unset_${id}`, connection_uri: mariaUri(users.env, "$__env{REFS_E2E_NOT_SET}") } }));
  expect(unset.status).toBe(422);
  expect(JSON.stringify(unset.body)).toContain("$__env{REFS_E2E_NOT_SET}");

  // The stored connection's file goes away: its test answers a failure naming the reference, then works again.
  const file = path.join(secretsDir, "db_password");
  fs.renameSync(file, `${file}.away`);
  try {
    const failed = await read(await admin.post(`/api/databases/${fileConnId}/test`, { data: {} }));
    expect(failed.status).toBe(200);
    expect(failed.body.ok).toBe(false);
    expect(failed.body.message).toContain(fileRef);
  } finally {
    fs.renameSync(`${file}.away`, file);
  }
  expect((await read(await admin.post(`/api/databases/${fileConnId}/test`, { data: {} }))).body.ok).toBe(true);

  for (const ref of ["$__env{ENCRYPTION_KEY}", "$__env{NEXTAUTH_SECRET}", "$__file{/etc/passwd}", `$__file{${secretsDir}/../outside}`]) {
    const refused = await read(await admin.post("/api/databases", { data: { alias: `refs_refused_${suffix()}`, connection_uri: mariaUri(users.env, ref) } }));
    expect(refused.status, ref).toBe(422);
    expect(Object.keys(refused.body.error?.fields ?? {})).toEqual(["connection_uri"]);
  }
});

test("an editor cannot set a reference (403 naming the field); keeping the admin's is allowed", async () => {
  test.setTimeout(60_000);
  const email = `editor-${id}@refs.test`;
  const password = `Editor-pw-${id}!`;
  expect((await read(await admin.post("/api/users", { data: { email, password, role: "editor" } }))).status).toBe(201);
  const editor = await signedIn(email, password, server.baseURL);
  const created = await read(await editor.post("/api/databases", { data: { alias: `refs_editor_${id}`, connection_uri: mariaUri(users.env, ENV_REF) } }));
  expect(created.status).toBe(403);
  expect(created.body.error?.fields).toEqual({ connection_uri: "Only an admin can set a secret reference" });
  const tested = await read(await editor.post("/api/databases/test", { data: { alias: "x", connection_uri: mariaUri(users.env, ENV_REF) } }));
  expect(tested.status).toBe(403);
  const changed = await read(await editor.put(`/api/databases/${fileConnId}`, { data: { alias: `refs_file_${id}`, connection_uri: mariaUri(users.file, ENV_REF) } }));
  expect(changed.status).toBe(403);
  const kept = await read(await editor.put(`/api/databases/${envConnId}`, { data: { alias: `refs_env_${id}`, connection_uri: mariaUri(users.env, ENV_REF) } }));
  expect(kept.status, JSON.stringify(kept.body)).toBe(200);
});

test("a Druid connection's TLS key as a reference: shown as written, admin-only, and an unresolvable one fails its test naming it", async () => {
  const name = `refs_druid_${id}`;
  const body = { name, type: "druid", queryHosts: ["127.0.0.1:9"], protocol: "tls-ca", key: "$__env{REFS_E2E_DRUID_KEY_UNSET}", passphrase: ENV_REF };
  const created = await read(await admin.post("/api/druid-connections", { data: body }));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body).toMatchObject({ key: "$__env{REFS_E2E_DRUID_KEY_UNSET}", passphrase: ENV_REF });
  const tested = await read(await admin.post(`/api/connections/${created.body.id}/test`, { data: {} }));
  expect(tested.body).toMatchObject({ ok: false });
  expect(tested.body.message).toContain("$__env{REFS_E2E_DRUID_KEY_UNSET}");
  const email = `druid-editor-${id}@refs.test`;
  const password = `Editor-pw-${id}!`;
  expect((await read(await admin.post("/api/users", { data: { email, password, role: "editor" } }))).status).toBe(201);
  const editor = await signedIn(email, password, server.baseURL);
  const changed = await read(await editor.put(`/api/druid-connections/${created.body.id}`, { data: { ...body, passphrase: fileRef } }));
  expect(changed.status).toBe(403);
  expect(changed.body.error?.fields).toEqual({ passphrase: "Only an admin can set a secret reference" });
  const list = await read(await admin.get("/api/druid-connections"));
  expect(JSON.stringify(list.body)).toContain(ENV_REF);
});

test("the warehouse's password from $__file is what the load run sends; without its file the run fails naming it", async () => {
  test.setTimeout(180_000);
  const pgWarehouse = await passwordRecordingPostgres();
  const schema = `sy_e2e_refs_${id}`;
  try {
    const set = await read(await admin.put("/api/settings/warehouse", { data: { type: "postgres", host: "127.0.0.1", port: pgWarehouse.port, database: "test", user: "postgres", password: whRef, schema } }));
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect((set.body.warehouse as { password: string }).password).toBe(whRef);
    // The save's check connected with the file's content, not the reference.
    expect(pgWarehouse.passwords).toEqual([WH_PW]);

    const conn = await createConnection(admin, { authType: "none" });
    const feed = await createFeed(admin, { connectionId: conn.id, script: 'from lib import outputStream\noutputStream.write({"id": 1, "name": "one"})\n', destinations: ["postgres"] }, { dataDir: server.dataDir });
    pgWarehouse.passwords.length = 0;
    const ok = await loadRun(admin, feed.id);
    expect(ok, JSON.stringify(ok)).toMatchObject({ status: "succeeded", records: 1 });
    expect(pgWarehouse.passwords.length).toBeGreaterThan(0);
    expect(new Set(pgWarehouse.passwords)).toEqual(new Set([WH_PW]));
    seen.push(await logText(admin, ok.id));

    const file = path.join(secretsDir, "wh_password");
    fs.renameSync(file, `${file}.away`);
    let failed: Run;
    try {
      failed = await loadRun(admin, feed.id);
      // A state write needs the warehouse too: a 409 naming the reference, not a 500.
      const state = await read(await admin.put(`/api/feeds/${feed.id}/state`, { data: { state: { cursor: 1 } } }));
      expect(state.status, JSON.stringify(state.body)).toBe(409);
      expect(state.body.error?.message).toContain(whRef);
    } finally {
      fs.renameSync(`${file}.away`, file);
    }
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain(whRef);
    seen.push(await logText(admin, failed.id));
    expect((await loadRun(admin, feed.id)).status).toBe("succeeded");
    // Back to the embedded warehouse: the suite's other specs on this server do not expect PostgreSQL.
    expect((await read(await admin.put("/api/settings/warehouse", { data: { type: "sqlite", pauseAffected: true } }))).status).toBe(200);
  } finally {
    await pgWarehouse.close();
    const c = await pgClient();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
});

test("key rotation leaves the references as written, and they still resolve", async () => {
  test.setTimeout(120_000);
  await server.stop();
  const rotated = switchyard(["secrets", "rotate"], server.dataDir);
  expect(rotated.status, rotated.stderr).toBe(0);
  expect(rotated.stdout).toMatch(/re-encrypted [1-9]\d* secret\(s\)/);
  const before = server;
  server = await startServer({ label: "refs", dataDir: before.dataDir, env: serverEnv() });
  admin = await signedIn(ADMIN.email, ADMIN.password, server.baseURL);
  for (const connId of [envConnId, fileConnId]) {
    const got = await read(await admin.get(`/api/databases/${connId}`));
    expect(Object.values(got.body.secretRefs as object)).toHaveLength(1);
    expect((await read(await admin.post(`/api/databases/${connId}/test`, { data: {} }))).body).toMatchObject({ ok: true });
  }
  seen.push(before.log());
});

test("the resolved values appear in no response, log or byte of the data directory", async () => {
  test.setTimeout(60_000);
  for (const url of ["/api/databases", `/api/databases/${envConnId}`, `/api/databases/${fileConnId}`, "/api/v1/database-connections", "/api/settings/warehouse", "/api/export?databases=all&connections=all&feeds=all", "/api/audit"]) {
    const res = await read(await admin.get(url));
    expect(res.status, url).toBe(200);
  }
  const zoomdata = await admin.get(`/zoomdata/service/connections/${envConnId}`, { headers: { Authorization: `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.password}`).toString("base64")}` } });
  const zoomText = await zoomdata.text();
  seen.push(zoomText);
  expect(JSON.parse(zoomText).parameters.PASSWORD).toBe(ENV_REF);
  const exported = seen.find((t) => t.includes(`refs_env_${id}`) && t.includes("kind: database"));
  expect(exported, "the export names the reference").toContain(ENV_REF);

  const places: [string, string][] = seen.map((t, i) => [`response ${i}`, t]);
  places.push(["server log", server.log()]);
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(server.dataDir)) places.push([file, fs.readFileSync(file).toString("latin1")]);
  for (const [where, text] of places) for (const value of PLANTED) expect(text.includes(value), `${value} in ${where}`).toBe(false);
  // And the references themselves are stored (encrypted) and shown as written.
  expect(places.some(([, t]) => t.includes(ENV_REF))).toBe(true);
});
