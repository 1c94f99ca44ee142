import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { asAdmin, bare, baseURL, createToken } from "../support/api";
import { pgSchema, sqliteFile, suffix } from "../support/databases";

// The hosted Dataherald API's paths, which its official Python SDK (`pip install dataherald`) calls
// with base_url=http://host:port: /api/database-connections, /api/table-descriptions (sync-schemas
// takes a list), /api/database-connections/drivers, /heartbeat. The SDK cannot be installed here
// (no PyPI), so a small script sends its requests as its generated client does (read from the
// SDK's source): JSON bodies without the arguments left out, X-API-Key, its Stainless headers.

let dh: APIRequestContext;
let token = "";
test.beforeAll(async () => {
  token = (await createToken(await asAdmin(), { role: "editor" })).token;
  dh = await bare();
});
const headers = () => ({ "Content-Type": "application/json", "X-API-Key": token });

const SDK_SCRIPT = String.raw`
import json, os, sys, time, urllib.request, urllib.error

BASE = os.environ["DATAHERALD_BASE_URL"].rstrip("/")
HEADERS = {"Accept": "application/json", "Content-Type": "application/json", "X-API-Key": os.environ["DATAHERALD_API_KEY"],
           "User-Agent": "Dataherald/Python 0.23.0", "X-Stainless-Lang": "python", "X-Stainless-Package-Version": "0.23.0",
           "X-Stainless-Async": "false", "X-Stainless-Runtime": "CPython"}

def call(method, path, body=None, query=None):
    url = BASE + path + ("?" + "&".join(k + "=" + v for k, v in query.items()) if query else "")
    data = None if body is None else json.dumps({k: v for k, v in body.items() if v is not None} if isinstance(body, dict) else body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=HEADERS)
    try:
        with urllib.request.urlopen(req) as res:
            return res.status, json.loads(res.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")

out = {}
# client.database_connections.create(alias=..., connection_uri=..., use_ssh=False)
out["create"] = call("POST", "/api/database-connections", {"alias": os.environ["ALIAS"], "connection_uri": os.environ["URI"], "use_ssh": False})
cid = out["create"][1]["id"]
out["list"] = call("GET", "/api/database-connections")
out["retrieve"] = call("GET", "/api/database-connections/" + cid)
# client.database_connections.update(id, alias=..., connection_uri=..., metadata=...)
out["update"] = call("PUT", "/api/database-connections/" + cid, {"alias": os.environ["ALIAS"] + "_v2", "connection_uri": os.environ["URI"], "metadata": {"team": "sdk"}})
out["drivers"] = call("GET", "/api/database-connections/drivers")
out["missing"] = call("GET", "/api/database-connections/0123456789abcdef01234567")
# client.table_descriptions.list(db_connection_id=...)
out["tables"] = call("GET", "/api/table-descriptions", query={"db_connection_id": cid})
tid = out["tables"][1][0]["id"]
out["table"] = call("GET", "/api/table-descriptions/" + tid)
# client.table_descriptions.sync_schemas(body=[{"db_connection_id": ..., "table_names": [...]}])
out["sync"] = call("POST", "/api/table-descriptions/sync-schemas", [{"db_connection_id": cid, "table_names": [out["tables"][1][0]["table_name"]]}])
deadline = time.time() + 30
while time.time() < deadline:
    status, t = call("GET", "/api/table-descriptions/" + tid)
    if t["status"] in ("SCANNED", "FAILED"):
        break
    time.sleep(0.2)
out["scanned"] = call("GET", "/api/table-descriptions/" + tid)
# client.table_descriptions.update(id, description=..., columns=[...])
first = out["scanned"][1]["columns"][0]["name"]
out["describe"] = call("PUT", "/api/table-descriptions/" + tid, {"description": "Described by the SDK", "columns": [{"name": first, "description": "The key"}]})
out["heartbeat"] = call("GET", "/heartbeat")
json.dump(out, sys.stdout)
`;

function runPython(script: string, env: Record<string, string>): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dh-sdk-")), "sdk_calls.py");
  fs.writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn("python3", [file], { env: { ...process.env, ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`python3 exited ${code}: ${err}`))));
  });
}

test("the official Python SDK's calls work unchanged against base_url=http://host:port", async () => {
  const { schema, drop } = await pgSchema(2);
  try {
    const alias = `sdk_${suffix()}`;
    const out = JSON.parse(
      await runPython(SDK_SCRIPT, { DATAHERALD_BASE_URL: baseURL(), DATAHERALD_API_KEY: token, ALIAS: alias, URI: `postgresql+psycopg2://postgres@127.0.0.1:5432/test?options=-csearch_path=${schema}` }),
    );
    expect(out.create[0], JSON.stringify(out.create[1])).toBe(201);
    expect(out.create[1]).toMatchObject({ alias, dialect: "postgresql", use_ssh: false });
    expect(out.list[1].map((c: { id: string }) => c.id)).toContain(out.create[1].id);
    expect(out.retrieve).toEqual([200, expect.objectContaining({ id: out.create[1].id, alias })]);
    expect(out.update).toEqual([200, expect.objectContaining({ alias: `${alias}_v2`, metadata: { team: "sdk" } })]);
    expect(out.drivers[1]).toEqual(expect.arrayContaining([{ name: "postgresql", driver: "postgresql" }]));
    expect(out.missing).toEqual([404, expect.objectContaining({ error_code: "db_connection_not_found" })]);
    expect(out.tables[1].map((t: { table_name: string }) => t.table_name)).toEqual(["t01", "t02"]);
    expect(out.table[0]).toBe(200);
    expect(out.sync[0]).toBe(201);
    expect(out.sync[1].map((t: { status: string }) => t.status)).toEqual(["SYNCHRONIZING"]);
    expect(out.scanned[1].status).toBe("SCANNED");
    expect(out.describe).toEqual([200, expect.objectContaining({ description: "Described by the SDK" })]);
    expect(out.describe[1].columns[0]).toMatchObject({ name: "id", description: "The key" });
    expect(out.heartbeat[0]).toBe(200);
  } finally {
    await drop();
  }
});

test("hosted paths: sync-schemas takes a list across connections, and checks them all before scanning any", async () => {
  const a = await (await dh.post("/api/database-connections", { headers: headers(), data: { alias: `ha_${suffix()}`, connection_uri: `sqlite:///${sqliteFile()}` } })).json();
  const b = await (await dh.post("/api/database-connections", { headers: headers(), data: { alias: `hb_${suffix()}`, connection_uri: `sqlite:///${sqliteFile()}` } })).json();
  const both = await dh.post("/api/table-descriptions/sync-schemas", { headers: headers(), data: [{ db_connection_id: a.id, table_names: ["plants"] }, { db_connection_id: b.id }] });
  expect(both.status(), await both.text()).toBe(201);
  expect((await both.json()).map((t: { db_connection_id: string; table_name: string }) => [t.db_connection_id === a.id ? "a" : "b", t.table_name])).toEqual([
    ["a", "plants"],
    ["b", "gardens"],
    ["b", "plants"],
  ]);
  const c = await (await dh.post("/api/database-connections", { headers: headers(), data: { alias: `hc_${suffix()}`, connection_uri: `sqlite:///${sqliteFile()}` } })).json();
  const partly = await dh.post("/api/table-descriptions/sync-schemas", { headers: headers(), data: [{ db_connection_id: c.id }, { db_connection_id: "0123456789abcdef01234567" }] });
  expect(partly.status()).toBe(404);
  expect((await partly.json()).error_code).toBe("db_connection_not_found");
  const untouched = await (await dh.get(`/api/table-descriptions?db_connection_id=${c.id}`, { headers: headers() })).json();
  expect(untouched.map((t: { status: string }) => t.status)).toEqual(["NOT_SCANNED", "NOT_SCANNED"]);
  // The engine's path keeps its single object and its own code for a missing connection.
  const engine = await dh.post("/api/v1/table-descriptions/sync-schemas", { headers: headers(), data: { db_connection_id: "0123456789abcdef01234567" } });
  expect([engine.status(), (await engine.json()).error_code]).toEqual([404, "database_connection_not_found"]);
  const notList = await dh.post("/api/table-descriptions/sync-schemas", { headers: headers(), data: { db_connection_id: c.id } });
  expect(notList.status()).toBe(422);
});
