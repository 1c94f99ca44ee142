import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { dataPath } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { cachedJson } from "./response-cache";

const temp = useTempDataDir();
afterAll(temp.cleanup);

it("builds once per store generation: a write by this process or a commit by another connection (the CLI) builds again", () => {
  const db = getDb().$client;
  db.exec("CREATE TABLE cache_probe (x INTEGER)");
  let builds = 0;
  const list = () => {
    builds++;
    return db.prepare("SELECT x FROM cache_probe ORDER BY x").pluck().all();
  };
  const read = () => JSON.parse(Buffer.from(cachedJson("probe", list)).toString("utf8"));

  expect(read()).toEqual([]);
  expect(read()).toEqual([]);
  expect(builds).toBe(1);

  db.prepare("INSERT INTO cache_probe VALUES (1)").run(); // this process writes
  expect(read()).toEqual([1]);
  expect(builds).toBe(2);

  const cli = new Database(dataPath("console.db")); // another process on the same file
  cli.prepare("INSERT INTO cache_probe VALUES (2)").run();
  expect(read()).toEqual([1, 2]);
  expect(builds).toBe(3);
  cli.close();

  // Keys are kept apart; an answer built inside a transaction is not kept (it may roll back).
  expect(JSON.parse(Buffer.from(cachedJson("other", () => "b")).toString())).toBe("b");
  try {
    db.transaction(() => {
      db.prepare("INSERT INTO cache_probe VALUES (3)").run();
      expect(JSON.parse(Buffer.from(cachedJson("probe", list)).toString())).toEqual([1, 2, 3]);
      throw new Error("roll back");
    })();
  } catch {
    // rolled back
  }
  expect(read()).toEqual([1, 2]);
});
