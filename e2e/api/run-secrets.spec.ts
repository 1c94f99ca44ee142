import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { asAdmin, createUser, signedIn } from "../support/api";
import { createConnection, createFeed, waitForRun, type Run } from "../support/feeds";
import { startPlantedAuthApi, type PlantedAuthApi } from "../support/planted-auth-api";
import { CUSTOM_API_KEY, ISSUED_TOKEN, startTestApi, type TestApi } from "../support/test-api";

// A script that prints the credentials its connection hands it, in the forms people print them,
// and writes them into records and its error: what a viewer reads through the API (run, preview,
// log, event stream), what a watcher receives, the server log and console.db contain none of them.
// The scripts need no network: they only print the `connection` object.

const MASK = "••••";
const b64 = (v: string) => Buffer.from(v).toString("base64");
const pyQuote = (v: string) =>
  [...Buffer.from(v)].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`)).join("");

/** A value and the encodings the scripts below print it in. */
const forms = (v: string) => [
  v,
  encodeURIComponent(v),
  pyQuote(v),
  pyQuote(v).replace(/%20/g, "+"),
  b64(v),
  JSON.stringify(v).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
];

let api: TestApi;
let planted: PlantedAuthApi;
let admin: APIRequestContext;
let viewer: APIRequestContext;
test.beforeAll(async () => {
  api = await startTestApi();
  planted = await startPlantedAuthApi(new URL(api.url).hostname);
  admin = await asAdmin();
  const v = await createUser(admin, "viewer");
  viewer = await signedIn(v.email, v.password);
});
test.afterAll(async () => {
  await api.close();
  await planted.close();
});

async function testRun(connectionId: string, script: string, language = "python"): Promise<Run> {
  const res = await admin.post("/api/feeds/test?wait=true", { data: { connectionId, language, script } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as Run;
}

/** Everything a viewer can read about a run, as one string. */
async function seenByViewer(runId: number): Promise<{ all: string; logs: string; run: Run }> {
  const runRes = await viewer.get(`/api/runs/${runId}`);
  expect(runRes.status()).toBe(200);
  const runText = await runRes.text();
  const logRes = await viewer.get(`/api/runs/${runId}/logs?limit=5000`);
  expect(logRes.status()).toBe(200);
  const logs = ((await logRes.json()).lines as { stream: string; line: string }[]).map((l) => `${l.stream}: ${l.line}`).join("\n");
  // The run has ended, so the event stream replays the log and closes.
  const events = await (await viewer.get(`/api/runs/${runId}/events`)).text();
  return { all: [runText, logs, events].join("\n"), logs, run: JSON.parse(runText) as Run };
}

function expectNone(haystack: string, secrets: string[], where: string) {
  for (const secret of secrets) expect(haystack.includes(secret), `${where} contains ${secret.slice(0, 12)}…`).toBe(false);
}

test("Basic Auth: the password, the header and its base64 never reach the log, the preview or the error", async () => {
  test.setTimeout(120_000);
  const username = "reader";
  const password = `Planted pw/${crypto.randomBytes(5).toString("hex")}+&=ü`;
  const conn = await createConnection(admin, { authType: "basic", username, password });
  const secrets = [...forms(password), ...forms(`${username}:${password}`), b64(`${username}:${password}`).replace(/=+$/, "")];

  const python = `import base64, json, sys, urllib.parse
from lib import outputStream, connection
pw = connection["password"]
hdr = connection["headers"]["Authorization"]
token = hdr.split(" ", 1)[1]
print("password", pw)
print("header", hdr)
print("decoded", base64.b64decode(token).decode())
print("b64", token, token.rstrip("="), base64.b64encode(pw.encode()).decode())
print("quoted", urllib.parse.quote(pw, safe=""), urllib.parse.quote(pw), urllib.parse.quote_plus(pw))
print("url", "https://%s:%s@example.test/" % (connection["username"], urllib.parse.quote(pw, safe="")))
print("json", json.dumps(dict(connection)))
print("stderr", pw, file=sys.stderr)
outputStream.write({"password": pw, "header": hdr, "nested": {"list": [token, pw]}, pw: "as a key"})
`;
  const printed = await testRun(conn.id, python);
  expect(printed.status, printed.error ?? "").toBe("succeeded");
  const seen = await seenByViewer(printed.id);
  expectNone(seen.all, secrets, "the Python run");
  // The script did print them: masked, with the surrounding text kept.
  expect(seen.logs).toContain(`stdout: password ${MASK}`);
  expect(seen.logs).toContain(`stdout: header Basic ${MASK}`);
  expect(seen.logs).toContain(`stderr: stderr ${MASK}`);
  expect(seen.run.preview).toEqual([{ password: MASK, header: `Basic ${MASK}`, nested: { list: [MASK, MASK] }, [MASK]: "as a key" }]);
  expect(seen.run.columns).not.toContain(password);

  const javascript = `import { outputStream, connection } from "lib";
const pw = connection.password;
console.log("password", pw, encodeURIComponent(pw), Buffer.from(pw).toString("base64"));
console.log("header", connection.headers.Authorization);
console.log("json", JSON.stringify(connection));
outputStream.write({ pw, auth: connection.headers.Authorization });
throw new Error("could not sign in as " + connection.username + " with " + pw);
`;
  const failed = await testRun(conn.id, javascript, "javascript");
  expect(failed.status).toBe("failed");
  const seenJs = await seenByViewer(failed.id);
  expectNone(seenJs.all, secrets, "the JavaScript run");
  expect(seenJs.run.error).toContain(MASK);
  expect(seenJs.logs).toContain(`header Basic ${MASK}`);

  const raising = await testRun(conn.id, `from lib import connection\nraise RuntimeError("could not sign in with " + connection["password"] + " / " + connection["headers"]["Authorization"])\n`);
  expect(raising.status).toBe("failed");
  const seenRaise = await seenByViewer(raising.id);
  expectNone(seenRaise.all, secrets, "the failed Python run");
  expect(seenRaise.run.error).toContain(`could not sign in with ${MASK} / Basic ${MASK}`);
});

test("Custom Auth: the stored secrets and the token the runner hands over never reach the log, the preview or the error", async () => {
  test.setTimeout(120_000);
  const conn = await createConnection(admin, {
    authType: "custom",
    authUrl: `${api.url}/auth`,
    method: "POST",
    headers: [{ key: "X-Api-Key", value: CUSTOM_API_KEY, secret: true }],
    body: JSON.stringify({ client_id: "switchyard", client_secret: "client-secret-Planted-55" }),
    secretBodyKeys: ["client_secret"],
  });
  const secrets = [CUSTOM_API_KEY, "client-secret-Planted-55", ...forms(ISSUED_TOKEN)];
  const script = `import base64, json, sys, urllib.parse
from lib import outputStream, connection
auth = connection["auth"]
token = auth["json"]["access_token"]
print("token", token)
print("bearer", "Bearer " + token)
print("quoted", urllib.parse.quote(token, safe=""), base64.b64encode(token.encode()).decode())
print("auth", json.dumps(auth))
print("stderr", token, file=sys.stderr)
outputStream.write({"token": token, "auth": auth["json"], token: 1})
raise RuntimeError("token " + token + " was refused: " + json.dumps(auth["json"]))
`;
  const run = await testRun(conn.id, script);
  expect(run.status).toBe("failed");
  const seen = await seenByViewer(run.id);
  expectNone(seen.all, secrets, "the Custom Auth run");
  expect(seen.logs).toContain("Custom Auth request answered HTTP 200");
  expect(seen.logs).toContain(`stdout: token ${MASK}`);
  expect(seen.logs).toContain(`stdout: bearer Bearer ${MASK}`);
  expect(seen.run.error).toContain(`token ${MASK} was refused`);
  // The descriptive fields stay readable.
  expect(seen.logs).toContain('"token_type": "bearer"');
});

test("Custom Auth: cookies, token headers and nested or numeric tokens of the auth response are masked", async () => {
  test.setTimeout(120_000);
  const p = planted.planted;
  const conn = await createConnection(admin, {
    authType: "custom",
    authUrl: `${planted.url}/auth`,
    method: "POST",
    headers: [{ key: "X-Api-Key", value: p.apiKey, secret: true }],
    body: JSON.stringify({ client_id: "switchyard", client_secret: p.clientSecret }),
    secretBodyKeys: ["client_secret"],
  });
  const secrets = [...forms(p.apiKey), ...forms(p.clientSecret), ...forms(p.accessToken), ...forms(p.refreshToken), p.sessionId, ...forms(p.cookie), ...forms(p.headerToken)];
  const script = `import json
from lib import outputStream, connection
auth = connection["auth"]
print("auth", json.dumps(auth))
for name, value in auth["headers"].items():
    print("header", name, value)
cookie = auth["headers"]["set-cookie"].split(";")[0].split("=", 1)[1]
print("cookie", cookie, "session", auth["json"]["session_id"], "refresh", auth["json"]["refresh"]["refresh_token"])
outputStream.write({"cookie": cookie, "session": auth["json"]["session_id"], "headers": auth["headers"]})
`;
  const run = await testRun(conn.id, script);
  expect(run.status, run.error ?? "").toBe("succeeded");
  const seen = await seenByViewer(run.id);
  expectNone(seen.all, secrets, "the cookie run");
  expect(seen.logs).toContain(`stdout: cookie ${MASK} session ${MASK} refresh ${MASK}`);
  expect(seen.logs).toContain('"token_type": "bearer"');
  expect(seen.run.preview?.[0]).toMatchObject({ cookie: MASK, session: MASK });
});

test("a watcher's payload and the server log carry the masked error, never the secret", async () => {
  test.setTimeout(120_000);
  const password = `watch-pw-${crypto.randomBytes(6).toString("hex")}`;
  const conn = await createConnection(admin, { authType: "basic", username: "watcher", password });
  const feed = await createFeed(admin, {
    connectionId: conn.id,
    script: `from lib import connection\nraise RuntimeError("refused: " + connection["password"] + " " + connection["headers"]["Authorization"])\n`,
    watchers: [{ url: `${planted.url}/watcher`, onSuccess: false, onFailure: true }],
  });
  const res = await admin.post(`/api/feeds/${feed.id}/runs`, { data: {} });
  expect(res.status(), await res.text()).toBe(202);
  const run = await waitForRun(admin, (await res.json()).id, 90_000, (r) => (r.notifications?.length ?? 0) > 0);
  expect(run.status).toBe("failed");
  const delivered = planted.notifications.map((n) => JSON.parse(n) as { run: { id: number; error: string } }).find((n) => n.run.id === run.id);
  expect(delivered, "the watcher was notified").toBeTruthy();
  expect(delivered!.run.error).toContain(`refused: ${MASK} Basic ${MASK}`);
  const secrets = [...forms(password), b64(`watcher:${password}`)];
  expectNone(planted.notifications.join("\n"), secrets, "a watcher payload");
  expectNone((await seenByViewer(run.id)).all, secrets, "the load run");
  expectNone(fs.readFileSync(process.env.E2E_LOG_FILE!, "utf8"), secrets, "the server log");
  // Nor anything stored for the run (the run row, its log, the job's own error): only the ciphertext is.
  const db = ["console.db", "console.db-wal"]
    .map((f) => path.join(process.env.E2E_DATA_DIR!, f))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f).toString("latin1"))
    .join("\n");
  expectNone(db, secrets, "console.db");
});
