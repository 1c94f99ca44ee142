import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("@/lib/settings/service", () => ({ getSetting: () => "" }));

import { openSqlite, resolveSqliteFile } from "./sqlite";

// A hard link to console.db inside SQLITE_ALLOWED_DIR has a path of its own there: realpath alone
// let it through (issue 9, item 11).
describe("SQLite connections never open Switchyard's own files", () => {
  let root: string;
  let dataDir: string;
  let allowed: string;
  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-guard-"));
    dataDir = path.join(root, "data");
    allowed = path.join(root, "allowed");
    fs.mkdirSync(dataDir);
    fs.mkdirSync(allowed);
    const db = new Database(path.join(dataDir, "console.db"));
    db.exec("CREATE TABLE users (email TEXT, password_hash TEXT)");
    db.close();
    fs.writeFileSync(path.join(dataDir, "secret.key"), "{}");
    const own = new Database(path.join(allowed, "shop.db"));
    own.exec("CREATE TABLE orders (id INTEGER); CREATE VIEW big_orders AS SELECT id FROM orders WHERE id > 10");
    own.close();
    vi.stubEnv("DATA_DIR", dataDir);
    vi.stubEnv("SQLITE_ALLOWED_DIR", allowed);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("opens a database of the allowed folder, and tells its views from its tables", async () => {
    const s = await openSqlite("shop.db");
    expect(await s.listTables()).toEqual([
      { schema: "main", name: "big_orders", type: "view" },
      { schema: "main", name: "orders", type: "table" },
    ]);
    await s.close();
  });

  it("refuses a hard link to console.db and to secret.key", async () => {
    fs.linkSync(path.join(dataDir, "console.db"), path.join(allowed, "innocent.db"));
    fs.linkSync(path.join(dataDir, "secret.key"), path.join(allowed, "key.db"));
    await expect(openSqlite("innocent.db")).rejects.toThrow(/link to one of Switchyard's own data files/);
    await expect(resolveSqliteFile("key.db")).rejects.toThrow(/link to one of Switchyard's own data files/);
  });

  it("refuses a symlink to console.db", async () => {
    fs.symlinkSync(path.join(dataDir, "console.db"), path.join(allowed, "sym.db"));
    await expect(openSqlite("sym.db")).rejects.toThrow(/own data folder|outside the folder/);
  });
});
