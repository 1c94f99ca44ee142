import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { cachedToken, noteStoreVersion, rememberToken, verifiedEpoch } from "./verified";

it("a write by another connection (the CLI revoking a token) drops every cached token at once", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "verified-")), "console.db");
  const server = new Database(file);
  const cli = new Database(file);
  server.exec("CREATE TABLE t (x)");
  const version = () => server.pragma("data_version", { simple: true }) as number;
  const now = Date.now();
  noteStoreVersion(version());
  rememberToken("h1", { ok: true }, now, verifiedEpoch());
  server.exec("INSERT INTO t VALUES (1)"); // the server's own writes keep the cache
  noteStoreVersion(version());
  expect(cachedToken("h1", now)).toEqual({ ok: true });
  cli.exec("INSERT INTO t VALUES (2)");
  noteStoreVersion(version());
  expect(cachedToken("h1", now)).toBeUndefined();
  server.close();
  cli.close();
});
