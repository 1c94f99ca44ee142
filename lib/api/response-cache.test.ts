import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { dataPath } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/tx";
import { useTempDataDir } from "@/lib/testing/temp-data-dir";
import { cachedJson } from "./response-cache";
import { outsideStoreGeneration } from "./store-version";

const temp = useTempDataDir();
afterAll(temp.cleanup);

it("builds once per store generation: a write by this process or a commit by another connection (the CLI) builds again", async () => {
  const db = getDb().$client;
  db.exec("CREATE TABLE cache_probe (x INTEGER)");
  let builds = 0;
  const list = () => {
    builds++;
    return db.prepare("SELECT x FROM cache_probe ORDER BY x").pluck().all();
  };
  const read = async () => JSON.parse(Buffer.from(await cachedJson("probe", list)).toString("utf8"));

  expect(await read()).toEqual([]);
  expect(await read()).toEqual([]);
  expect(builds).toBe(1);

  db.prepare("INSERT INTO cache_probe VALUES (1)").run(); // this process writes
  expect(await read()).toEqual([1]);
  expect(builds).toBe(2);

  const cli = new Database(dataPath("console.db")); // another process on the same file
  cli.prepare("INSERT INTO cache_probe VALUES (2)").run();
  expect(await read()).toEqual([1, 2]);
  expect(builds).toBe(3);
  cli.close();

  // Keys are kept apart; an answer built inside a transaction is not kept (it may roll back).
  expect(JSON.parse(Buffer.from(await cachedJson("other", () => "b")).toString())).toBe("b");
  await inTransaction(
    async () => {
      db.prepare("INSERT INTO cache_probe VALUES (3)").run();
      expect(JSON.parse(Buffer.from(await cachedJson("probe", list)).toString())).toEqual([1, 2, 3]);
    },
    { rollback: true },
  );
  expect(await read()).toEqual([1, 2]);

  // Nor is one built by another request while a transaction is open (it reads committed rows, but
  // the open transaction's rows already count in the generation and may roll back).
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let opened!: () => void;
  const isOpen = new Promise<void>((r) => (opened = r));
  const dryRun = inTransaction(
    async () => {
      db.prepare("INSERT INTO cache_probe VALUES (4)").run();
      opened();
      await held;
    },
    { rollback: true },
  );
  await isOpen;
  const committedOnly = () => {
    builds++;
    return new Database(dataPath("console.db"), { readonly: true }).prepare("SELECT x FROM cache_probe ORDER BY x").pluck().all();
  };
  expect(JSON.parse(Buffer.from(await cachedJson("probe", committedOnly)).toString())).toEqual([1, 2]);
  release();
  await dryRun;
  const buildsBefore = builds;
  expect(await read()).toEqual([1, 2]);
  expect(builds).toBe(buildsBefore + 1);
});

it("a write made outside the store generation (a token's last use) keeps the kept answers; the next real write does not", async () => {
  const db = getDb().$client;
  db.exec("CREATE TABLE cache_probe_2 (x INTEGER); CREATE TABLE bookkeeping (t INTEGER)");
  let builds = 0;
  const list = () => {
    builds++;
    return db.prepare("SELECT x FROM cache_probe_2 ORDER BY x").pluck().all();
  };
  const read = async () => JSON.parse(Buffer.from(await cachedJson("probe-2", list)).toString("utf8"));
  expect(await read()).toEqual([]);
  await outsideStoreGeneration(() => db.prepare("INSERT INTO bookkeeping VALUES (1), (2)").run());
  expect(await read()).toEqual([]);
  expect(builds).toBe(1);
  db.prepare("INSERT INTO cache_probe_2 VALUES (7)").run();
  expect(await read()).toEqual([7]);
  expect(builds).toBe(2);
  await outsideStoreGeneration(() => db.prepare("UPDATE bookkeeping SET t = 3").run());
  expect(await read()).toEqual([7]);
  expect(builds).toBe(2);
  // A write that throws half-way is counted for what it changed.
  await expect(
    outsideStoreGeneration(() => {
      db.prepare("INSERT INTO bookkeeping VALUES (4)").run();
      throw new Error("after one row");
    }),
  ).rejects.toThrow("after one row");
  expect(await read()).toEqual([7]);
  expect(builds).toBe(2);
  db.prepare("DELETE FROM cache_probe_2").run();
  expect(await read()).toEqual([]);
  expect(builds).toBe(3);
});
